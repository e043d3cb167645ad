import { MAX_RETRY_DELAY_MS, noCloseThroughMessage, pendingMessage, restAfterPage, retryDelayMs } from './closing-inventory-rules';

describe('closing inventory rules', () => {
  it('rests what is left of a page share, never less than nothing', () => {
    expect(restAfterPage(2, 100)).toBe(400);
    expect(restAfterPage(2, 500)).toBe(0);
    expect(restAfterPage(2, 2_000)).toBe(0);
    expect(restAfterPage(0.5, 0)).toBe(2_000);
    expect(restAfterPage(3, 0)).toBe(334);
  });

  it('doubles the rest after each failure in a row, up to a bound', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(50)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('names the closed days, or that the books were never closed', () => {
    expect(noCloseThroughMessage('2026-10-15', [], 12)).toBe('no close is through 2026-10-15: the books were never closed (GET /v1/periods)');
    expect(noCloseThroughMessage('2026-10-15', ['2026-10-31', '2026-09-30'], 12)).toBe('no close is through 2026-10-15: the books were closed through 2026-10-31, 2026-09-30');
    expect(noCloseThroughMessage('2026-10-15', ['2026-10-31', '2026-09-30'], 2)).toContain('GET /v1/periods lists them all');
  });

  it('tells how far a build has come', () => {
    expect(pendingMessage('2026-10-31', 0, null)).toContain('(not started)');
    expect(pendingMessage('2026-10-31', 4_000, 10_000)).toContain('(4000 of about 10000 keys read)');
  });
});
