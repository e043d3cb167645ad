import { RateLimiter, TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  const policy = { perSecond: 2, burst: 3 };

  it('lets a burst through, then refuses with the time until the next token', () => {
    const bucket = new TokenBucket(policy, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)].map((result) => result.allowed)).toEqual([true, true, true]);
    expect(bucket.take(0)).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(bucket.take(200)).toEqual({ allowed: false, retryAfterMs: 300 });
    expect(bucket.take(500)).toEqual({ allowed: true, remaining: 0 });
  });

  it('refills at the sustained rate and never beyond the burst', () => {
    const bucket = new TokenBucket(policy, 0);
    for (let taken = 0; taken < 3; taken++) bucket.take(0);
    expect(bucket.take(1_000)).toEqual({ allowed: true, remaining: 1 });
    const rested = new TokenBucket(policy, 0);
    expect(rested.take(60_000)).toEqual({ allowed: true, remaining: 2 });
    expect(rested.isFull(60_000)).toBe(false);
    expect(rested.isFull(60_500)).toBe(true);
  });

  it('admits perSecond requests per second in the long run', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 5 }, 0);
    let allowed = 0;
    for (let now = 0; now < 10_000; now += 10) if (bucket.take(now).allowed) allowed++;
    expect(allowed).toBeGreaterThanOrEqual(100);
    expect(allowed).toBeLessThanOrEqual(105);
  });

  it('is not drained by a clock that steps backwards', () => {
    const bucket = new TokenBucket(policy, 10_000);
    bucket.take(10_000);
    expect(bucket.take(5_000).allowed).toBe(true);
    expect(bucket.take(5_000).allowed).toBe(true);
    expect(bucket.take(5_000).allowed).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('keeps one bucket per credential: a flooding key does not slow another', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 2 });
    expect(limiter.take('flood', 0).allowed).toBe(true);
    expect(limiter.take('flood', 0).allowed).toBe(true);
    expect(limiter.take('flood', 0).allowed).toBe(false);
    expect(limiter.take('quiet', 0).allowed).toBe(true);
  });

  it('forgets full buckets when it tracks too many credentials', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 }, 3);
    for (const id of ['a', 'b', 'c']) limiter.take(id, 0);
    expect(limiter.trackedCredentials).toBe(3);
    limiter.take('d', 5_000);
    expect(limiter.trackedCredentials).toBe(1);
    expect(limiter.take('d', 5_000).allowed).toBe(false);
  });
});
