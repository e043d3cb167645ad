import { beforeHoldout, longestHoldout } from './accuracy-report';
import { DAILY_PLANS, MONTHLY_PLANS } from './backtest-datasets';

describe('the history before the test windows', () => {
  it('cuts every series by its set\'s longest holdout: 8 weeks of daily data, 18 months of monthly', () => {
    expect(longestHoldout(DAILY_PLANS)).toBe(56);
    expect(longestHoldout(MONTHLY_PLANS)).toBe(18);
  });

  it('keeps the earlier periods and their censoring flags, sharing the buffers', () => {
    const values = Float64Array.of(1, 2, 3, 4, 5);
    const series = { id: 'a', values, censored: Uint8Array.of(0, 1, 0, 0, 1) };
    const cut = beforeHoldout(series, 2);
    expect(Array.from(cut.values)).toEqual([1, 2, 3]);
    expect(Array.from(cut.censored ?? [])).toEqual([0, 1, 0]);
    expect(cut.values.buffer).toBe(values.buffer);
    expect(beforeHoldout({ id: 'b', values, censored: null }, 9).values).toHaveLength(0);
  });
});
