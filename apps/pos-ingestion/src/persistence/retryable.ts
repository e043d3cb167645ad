// Deadlocks and serialization failures are resolved by running the transaction again.
import { sqlStateOf } from '@ledgerline/runtime';

const RETRYABLE_SQLSTATE = new Set(['40P01', '40001']);

export function isRetryableConflict(error: unknown): boolean {
  const code = sqlStateOf(error);
  return code !== undefined && RETRYABLE_SQLSTATE.has(code);
}

/** Runs `work` again (up to `attempts` in all) while it fails with a deadlock or serialization failure. */
export async function withConflictRetry<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
    }
  }
}
