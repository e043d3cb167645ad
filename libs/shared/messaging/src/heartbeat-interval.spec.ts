import { heartbeatIntervalFor, MAX_HEARTBEAT_INTERVAL_MS } from './heartbeat-interval';

describe('heartbeatIntervalFor', () => {
  it('heartbeats rarely with a long session timeout, but no rarer than the cap', () => {
    expect(heartbeatIntervalFor(30_000, 1_000)).toBe(MAX_HEARTBEAT_INTERVAL_MS);
    expect(heartbeatIntervalFor(30_000, 5_000)).toBe(MAX_HEARTBEAT_INTERVAL_MS);
  });

  it('keeps the interval and one fetch within half the session timeout', () => {
    for (const [session, wait] of [
      [30_000, 5_000],
      [6_000, 1_000],
      [10_000, 20],
      [12_000, 2_000],
      [30_000, 10_000],
    ]) {
      const interval = heartbeatIntervalFor(session, wait);
      expect(interval + wait).toBeLessThanOrEqual(session / 2);
      expect(interval).toBeGreaterThanOrEqual(500);
    }
    expect(heartbeatIntervalFor(30_000, 10_000)).toBe(5_000);
    expect(heartbeatIntervalFor(6_000, 1_000)).toBe(2_000);
  });

  it('refuses a fetch wait too long for the session timeout', () => {
    expect(() => heartbeatIntervalFor(6_000, 2_800)).toThrow(/no safe heartbeat interval/);
    expect(() => heartbeatIntervalFor(Number.NaN, 1_000)).toThrow(/no safe heartbeat interval/);
  });
});
