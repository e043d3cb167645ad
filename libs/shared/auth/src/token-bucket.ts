// Per-credential rate limit: a token bucket holds up to `burst` tokens and refills at `perSecond`.
// A request takes one token; without one it is refused with the time until the next token, which
// becomes the Retry-After header. Pure: the clock is passed in.

export interface TokenBucketPolicy {
  perSecond: number;
  burst: number;
}

export type TakeResult = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly policy: TokenBucketPolicy,
    now: number,
  ) {
    this.tokens = policy.burst;
    this.updatedAt = now;
  }

  take(now: number): TakeResult {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true, remaining: Math.floor(this.tokens) };
    }
    return { allowed: false, retryAfterMs: Math.ceil(((1 - this.tokens) / this.policy.perSecond) * 1000) };
  }

  /** True once the bucket has refilled completely: forgetting it then changes nothing. */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.policy.burst;
  }

  private refill(now: number): void {
    // A clock that steps backwards must not drain the bucket.
    const elapsedMs = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.policy.burst, this.tokens + (elapsedMs / 1000) * this.policy.perSecond);
    this.updatedAt = now;
  }
}

/** One bucket per credential; full buckets are dropped so idle credentials cost no memory. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly policy: TokenBucketPolicy,
    private readonly maxTrackedCredentials = 10_000,
  ) {}

  take(credentialId: string, now: number): TakeResult {
    let bucket = this.buckets.get(credentialId);
    if (!bucket) {
      if (this.buckets.size >= this.maxTrackedCredentials) this.forgetFullBuckets(now);
      bucket = new TokenBucket(this.policy, now);
      this.buckets.set(credentialId, bucket);
    }
    return bucket.take(now);
  }

  get trackedCredentials(): number {
    return this.buckets.size;
  }

  forgetFullBuckets(now: number): void {
    for (const [credentialId, bucket] of this.buckets) {
      if (bucket.isFull(now)) this.buckets.delete(credentialId);
    }
  }
}
