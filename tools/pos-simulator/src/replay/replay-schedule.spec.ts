import { ReplaySchedule } from './replay-schedule';

const minute = 60_000;

describe('ReplaySchedule', () => {
  it('divides the gaps between events by the speed-up', () => {
    const schedule = new ReplaySchedule(60, 3600);
    expect(schedule.offsetOf(0)).toBe(0);
    expect(schedule.offsetOf(10 * minute)).toBe(10_000);
    expect(schedule.offsetOf(11 * minute)).toBe(11_000);
  });

  it('shortens quiet spells to the maximum gap', () => {
    const schedule = new ReplaySchedule(60, 5);
    schedule.offsetOf(0);
    expect(schedule.offsetOf(14 * 60 * minute)).toBe(5_000);
    expect(schedule.offsetOf(14 * 60 * minute + minute)).toBe(6_000);
  });

  it('never moves backwards for rows out of order', () => {
    const schedule = new ReplaySchedule(60, 60);
    schedule.offsetOf(10 * minute);
    expect(schedule.offsetOf(9 * minute)).toBe(0);
    expect(schedule.offsetOf(11 * minute)).toBe(1_000);
  });

  it('refuses a speed-up that is not positive', () => {
    expect(() => new ReplaySchedule(0, 5)).toThrow(/BAD_SPEEDUP/);
  });
});
