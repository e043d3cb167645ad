import { AdaptiveFetchWait, defaultIdleFetchMaxWaitMs, withFetchWaitPolicy } from './fetch-wait-policy';
import { heartbeatIntervalFor } from './heartbeat-interval';

describe('AdaptiveFetchWait', () => {
  const options = { busyMinBytes: 65_536, busyMaxWaitMs: 20, idleMaxWaitMs: 5_000 };

  it('starts with the busy wait, so a backlog is read in large batches from the first fetch', () => {
    expect(new AdaptiveFetchWait(options).next()).toEqual({ minBytes: 65_536, maxWaitTime: 20 });
  });

  it('long-polls on one byte after a fetch that came back empty, and keeps doing so while nothing comes', () => {
    const policy = new AdaptiveFetchWait(options);
    policy.observe(false);
    expect(policy.next()).toEqual({ minBytes: 1, maxWaitTime: 5_000 });
    policy.observe(false);
    expect(policy.next()).toEqual({ minBytes: 1, maxWaitTime: 5_000 });
    expect(policy.isIdle()).toBe(true);
  });

  it('returns to the busy wait with the first fetch that brings records', () => {
    const policy = new AdaptiveFetchWait(options);
    policy.observe(false);
    policy.observe(true);
    expect(policy.next()).toEqual({ minBytes: 65_536, maxWaitTime: 20 });
    expect(policy.isIdle()).toBe(false);
  });

  it('never waits less when idle than when busy', () => {
    const policy = new AdaptiveFetchWait({ busyMinBytes: 1, busyMaxWaitMs: 5_000, idleMaxWaitMs: 1_000 });
    policy.observe(false);
    expect(policy.next()).toEqual({ minBytes: 1, maxWaitTime: 5_000 });
  });

  it('refuses waits that make no sense', () => {
    expect(() => new AdaptiveFetchWait({ ...options, busyMinBytes: 0 })).toThrow(/positive/);
    expect(() => new AdaptiveFetchWait({ ...options, idleMaxWaitMs: Number.NaN })).toThrow(/positive/);
  });

  it('rides along with the consumer settings kafkajs is given', () => {
    const policy = new AdaptiveFetchWait(options);
    expect(withFetchWaitPolicy({ groupId: 'g', minBytes: 65_536 }, policy)).toEqual({ groupId: 'g', minBytes: 65_536, fetchWaitPolicy: policy });
  });
});

describe('defaultIdleFetchMaxWaitMs', () => {
  it('long-polls 5 s at the default 30 s session, 1 s at the 6 s session the services accept at least', () => {
    expect(defaultIdleFetchMaxWaitMs(30_000)).toBe(5_000);
    expect(defaultIdleFetchMaxWaitMs(10_000)).toBe(3_000);
    expect(defaultIdleFetchMaxWaitMs(6_000)).toBe(1_000);
    expect(defaultIdleFetchMaxWaitMs(300_000)).toBe(5_000);
  });

  it('always leaves a heartbeat interval of at least 2 s from a 6 s session on', () => {
    for (let session = 6_000; session <= 300_000; session += 500) {
      expect(heartbeatIntervalFor(session, defaultIdleFetchMaxWaitMs(session))).toBeGreaterThanOrEqual(2_000);
    }
  });
});
