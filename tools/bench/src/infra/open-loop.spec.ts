import { offerOnSchedule } from './open-loop';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('offerOnSchedule', () => {
  it('sends every request and times each from when it was due, so a wait for a connection counts', async () => {
    // One connection, 40 ms a request, 100 due a second: each request waits for the ones before it.
    const sent: number[] = [];
    const result = await offerOnSchedule({ ratePerSecond: 100, seconds: 0.1, maxInFlight: 1 }, async (index) => {
      sent.push(index);
      await sleep(40);
      return 'ok';
    });
    expect(sent).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.outcomes).toEqual({ error: 0, ok: 10 });
    // The last was due at 90 ms and answered after ten requests in a row, about 400 ms from the start.
    expect(result.latencyMs.max).toBeGreaterThan(280);
    expect(result.sendLagMs.max).toBeGreaterThan(240);
    expect(result.latencyMs.p50).toBeGreaterThan(100);
  });

  it('keeps to the schedule while connections are free, and counts a failed request as an error', async () => {
    const result = await offerOnSchedule({ ratePerSecond: 200, seconds: 0.2, maxInFlight: 100 }, async (index) => {
      await sleep(5);
      if (index === 3) throw new Error('refused');
      return 'ok';
    });
    expect(result.sent).toBe(40);
    expect(result.outcomes).toEqual({ error: 1, ok: 39 });
    expect(result.firstError).toBe('refused');
    expect(result.latencyMs.p50).toBeLessThan(100);
    expect(result.answeredPerSecond).toBeGreaterThan(100);
  });

  it('stops sending once it is too far behind, counting the rest as at least that late', async () => {
    const result = await offerOnSchedule({ ratePerSecond: 100, seconds: 1, maxInFlight: 1, giveUpAfterMs: 100 }, async () => {
      await sleep(50);
      return 'ok';
    });
    expect(result.sent).toBeLessThan(10);
    expect(result.sent + result.abandoned).toBe(100);
    expect(result.outcomes.ok).toBe(result.sent);
    expect(result.latencyMs.count).toBe(100);
    expect(result.latencyMs.p50).toBeGreaterThanOrEqual(100);
  });
});
