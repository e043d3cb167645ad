// Deadlocks and serialization failures are resolved by running the transaction again.
const RETRYABLE_SQLSTATE = new Set(['40P01', '40001']);

export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.code ?? (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATE.has(code);
}
