import { RefreshSchedule } from './refresh-schedule';

describe('RefreshSchedule', () => {
  const options = { idleRefreshIntervalMs: 15_000, unwatchedRefreshIntervalMs: 60_000 };

  it('asks no service and the broker only every unwatched interval while nobody looks', () => {
    const schedule = new RefreshSchedule(options);
    expect(schedule.isWatched(100_000)).toBe(false);
    expect(schedule.servicesDue(100_000, 0, true)).toBe(false);
    expect(schedule.committedDue(100_000, 0, true)).toBe(false);
    expect(schedule.brokerDue(100_000, 50_000)).toBe(false);
    expect(schedule.brokerDue(110_000, 50_000)).toBe(true);
  });

  it('has the first page refresh everything, then keeps the picture current while it is open', () => {
    const schedule = new RefreshSchedule(options);
    expect(schedule.pageOpened(100_000)).toBe(true);
    expect(schedule.pageOpened(101_000)).toBe(false);
    expect(schedule.openPages).toBe(2);
    expect(schedule.brokerDue(500_000, 499_000)).toBe(true);
    expect(schedule.servicesDue(500_000, 499_000, true)).toBe(true);
    expect(schedule.servicesDue(500_000, 490_000, false)).toBe(false);
    expect(schedule.servicesDue(500_000, 485_000, false)).toBe(true);
    expect(schedule.committedDue(500_000, 485_000, false)).toBe(true);
  });

  it('stays watched for an idle interval after the last page closed, so a reload needs no refresh first', () => {
    const schedule = new RefreshSchedule(options);
    schedule.pageOpened(100_000);
    schedule.pageClosed(200_000);
    expect(schedule.openPages).toBe(0);
    expect(schedule.isWatched(214_999)).toBe(true);
    expect(schedule.pageOpened(214_999)).toBe(false);
    schedule.pageClosed(215_000);
    expect(schedule.isWatched(230_000)).toBe(false);
    expect(schedule.pageOpened(230_000)).toBe(true);
  });

  it('counts a snapshot request as looking, and refreshes first only after a spell with nobody looking', () => {
    const schedule = new RefreshSchedule(options);
    expect(schedule.snapshotRequested(100_000)).toBe(true);
    expect(schedule.snapshotRequested(110_000)).toBe(false);
    expect(schedule.isWatched(124_999)).toBe(true);
    expect(schedule.snapshotRequested(125_000)).toBe(true);
  });

  it('refuses intervals that are not positive', () => {
    expect(() => new RefreshSchedule({ ...options, unwatchedRefreshIntervalMs: 0 })).toThrow(/positive/);
  });
});
