import { checkThresholds, decideCount, DEFAULT_COUNT_THRESHOLDS, isWithinLimits, varianceOf } from './count-decision';

const figures = (bookQuantity: number, countedQuantity: number, unitValue = 10_000n) => ({ bookQuantity, countedQuantity, unitValue });

describe('decideCount', () => {
  it('posts a count that agrees with the book, or differs within every recount limit', () => {
    expect(decideCount(figures(100, 100), 'first')).toBe('post');
    expect(decideCount(figures(100, 98), 'first')).toBe('post');
  });

  it('asks for a recount when any one limit is passed: units, percent or value', () => {
    expect(decideCount(figures(1000, 997), 'first')).toBe('recount'); // 3 units
    expect(decideCount(figures(10, 9), 'first')).toBe('recount'); // 10 %
    expect(decideCount(figures(100, 99, 600_000n), 'first')).toBe('recount'); // 60.00 of value
  });

  it('posts a recount between the recount and the approval limits', () => {
    expect(decideCount(figures(100, 95), 'recount')).toBe('post');
  });

  it('holds a recount beyond an approval limit for approval', () => {
    expect(decideCount(figures(100, 80), 'recount')).toBe('await-approval');
    expect(decideCount(figures(0, 1, 6_000_000n), 'recount')).toBe('await-approval');
  });

  it('measures the percentage of a negative or empty book against one unit', () => {
    expect(isWithinLimits(figures(-3, 0), DEFAULT_COUNT_THRESHOLDS.recount)).toBe(false);
    expect(varianceOf(figures(-3, 0, 25_000n))).toEqual({ units: 3, value: 75_000n });
  });

  it('passes a variance exactly at a limit', () => {
    expect(isWithinLimits(figures(40, 42), { units: 2, percent: 5, value: 20_000n })).toBe(true);
  });
});

describe('checkThresholds', () => {
  it('refuses approval limits below the recount ones', () => {
    expect(() => checkThresholds({ ...DEFAULT_COUNT_THRESHOLDS, approval: { units: 1, percent: 25, value: 5_000_000n } })).toThrow(RangeError);
    expect(() => checkThresholds(DEFAULT_COUNT_THRESHOLDS)).not.toThrow();
  });
});
