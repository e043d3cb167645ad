import { shorterSide } from './shorter-side';

describe('shorterSide', () => {
  const first = Date.parse('2026-01-01T00:00:00Z');
  const last = Date.parse('2026-12-31T00:00:00Z');

  it('takes the balance as it is for a time at or after the last movement, and nothing before the first', () => {
    expect(shorterSide(first, last, last)).toBe('balance-less-after');
    expect(shorterSide(first, last, last + 1)).toBe('balance-less-after');
    expect(shorterSide(first, last, first - 1)).toBe('sum-up-to');
  });

  it('sums from the start in the first half of the span and back from the balance in the second', () => {
    expect(shorterSide(first, last, Date.parse('2026-02-01T00:00:00Z'))).toBe('sum-up-to');
    expect(shorterSide(first, last, Date.parse('2026-12-30T00:00:00Z'))).toBe('balance-less-after');
    expect(shorterSide(first, first, first)).toBe('balance-less-after');
  });
});
