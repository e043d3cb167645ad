// Reads a Retry-After header (RFC 9110: delay in seconds, or an HTTP date) into milliseconds to
// wait; a missing or unreadable header falls back to a short default rather than hammering.

export const DEFAULT_RETRY_AFTER_MS = 1_000;
const MAX_RETRY_AFTER_MS = 60_000;

export function retryAfterMs(header: string | null, now: number = Date.now()): number {
  if (header === null || header.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return DEFAULT_RETRY_AFTER_MS;
  return Math.min(Math.max(date - now, 0), MAX_RETRY_AFTER_MS);
}
