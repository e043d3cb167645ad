// Deadlocks and serialization failures are resolved by running the transaction again.
import { sqlStateOf } from '@ledgerline/runtime';

const RETRYABLE_SQLSTATE = new Set(['40P01', '40001']);

export function isRetryableConflict(error: unknown): boolean {
  const code = sqlStateOf(error);
  return code !== undefined && RETRYABLE_SQLSTATE.has(code);
}
