import { DATASETS, syntheticSeries } from './backtest-datasets';
import { isEligible } from './backtest.runner';

describe('backtest data sets', () => {
  it('generates the same synthetic series for the same seed, all eligible for the daily plan', () => {
    const series = syntheticSeries(20, 11);
    expect(series).toHaveLength(20);
    expect(syntheticSeries(20, 11)[7].values).toEqual(series[7].values);
    expect(series.every((s) => DATASETS.synthetic.plans.every((plan) => isEligible(s, plan)))).toBe(true);
    expect(series.some((s) => s.censored?.includes(1))).toBe(true);
  });

  it('scores naive in every plan (the bar) and leaves seasonal methods out of the monthly one', () => {
    for (const dataset of Object.values(DATASETS)) for (const plan of dataset.plans) expect(plan.methods.map((m) => m.method)).toContain('naive');
    const monthly = DATASETS.carparts.plans[0].methods.map((m) => m.method);
    expect(monthly).not.toContain('seasonal-naive');
    expect(monthly).not.toContain('holt-winters');
    for (const plan of DATASETS.carparts.plans) expect(plan.automatic.seasonPeriod).toBeNull();
  });
});
