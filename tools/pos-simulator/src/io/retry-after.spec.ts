import { DEFAULT_RETRY_AFTER_MS, retryAfterMs } from './retry-after';

describe('retryAfterMs', () => {
  it('reads seconds', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('0.5')).toBe(500);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    expect(retryAfterMs('Mon, 02 Mar 2026 10:00:03 GMT', now)).toBe(3000);
    expect(retryAfterMs('Mon, 02 Mar 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('falls back to a default for a missing or unreadable header and caps absurd waits', () => {
    expect(retryAfterMs(null)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(retryAfterMs('soon')).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(retryAfterMs('86400')).toBe(60_000);
  });
});
