// The per-key token bucket of store-bound keys (tills and store staff), shared by their guards.
import { HttpStatus } from '@nestjs/common';
import type { RateLimiter } from '@ledgerline/auth';
import { ProblemException, problem } from '../http/problem';
import { intakeMetrics } from '../metrics/intake-metrics';

/** Takes a token for the key, or throws 429 AUTH.RATE_LIMITED with Retry-After. */
export function takeStoreKeyToken(limiter: RateLimiter, keyId: string): void {
  const limit = limiter.take(keyId, Date.now());
  if (limit.allowed) return;
  intakeMetrics.rateLimited.inc();
  const retryAfterSeconds = Math.max(1, Math.ceil(limit.retryAfterMs / 1000));
  throw new ProblemException(problem(HttpStatus.TOO_MANY_REQUESTS, 'AUTH.RATE_LIMITED', `Too many requests for this credential; retry after ${retryAfterSeconds} s`), {
    'Retry-After': String(retryAfterSeconds),
  });
}
