import { RETAIN_FOREVER, retentionCovers } from './topic-retention';

describe('retentionCovers', () => {
  it('counts forever as longer than any time, and compares times', () => {
    expect(retentionCovers(RETAIN_FOREVER, 1_000)).toBe(true);
    expect(retentionCovers(RETAIN_FOREVER, RETAIN_FOREVER)).toBe(true);
    expect(retentionCovers(604_800_000, RETAIN_FOREVER)).toBe(false);
    expect(retentionCovers(3_600_000, 604_800_000)).toBe(false);
    expect(retentionCovers(604_800_000, 604_800_000)).toBe(true);
  });
});
