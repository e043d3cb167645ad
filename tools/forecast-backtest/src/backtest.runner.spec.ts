import { AUTOMATIC_COMBINATION_SIZE } from '@ledgerline/forecasting-domain';
import { flooredUniform } from './demand-distribution';
import {
  AUTOMATIC_LABEL,
  CENTRAL_INTERVALS_LABEL,
  IN_SAMPLE_INTERVALS_LABEL,
  ORACLE_MEAN_LABEL,
  ORACLE_MEDIAN_LABEL,
  type BacktestPlan,
  backtestSeries,
  isEligible,
  isSingleMethodLabel,
  pinballLoss,
  rollingPlan,
} from './backtest.runner';

const plan: BacktestPlan = {
  holdout: 4,
  horizon: 2,
  step: 2,
  methods: [{ method: 'naive' }, { method: 'moving-average', settings: { window: 2 } }],
  automatic: { seasonPeriod: null, validationHorizon: 1, validationOrigins: 2, minTrainingPeriods: 2 },
  variants: [
    {
      label: 'automatic single best',
      candidates: ['naive', { method: 'moving-average', settings: { window: 2 } }],
      selection: { validationHorizon: 1, validationOrigins: 2, minTrainingPeriods: 2 },
    },
  ],
  minTrainingPeriods: 4,
};

describe('backtestSeries', () => {
  // History 2 4 2 4 | holdout 2 4 2 4. Origins 4 and 6, two periods each.
  //   naive from origin 4 forecasts 4 4 (errors -2, 0); from origin 6 forecasts 4 4 (-2, 0):
  //     |e| 4, e^2 8, sum e -4 over 4 periods.
  //   MA(2) forecasts 3 3 from both origins (errors -1, 1, -1, 1): |e| 4, e^2 4, sum e 0.
  // Scale: naive errors on 2 4 2 4 are 2, -2, 2: MAE 2, MSE 4.
  const series = { id: 'x', values: Float64Array.of(2, 4, 2, 4, 2, 4, 2, 4), censored: null };

  it('scores every method from every origin on the holdout only', () => {
    const result = backtestSeries(series, plan);
    expect(result.scale).toEqual({ meanAbsolute: 2, meanSquared: 4, basis: 'naive' });
    expect(result.errors.get('naive')).toMatchObject({ absolute: 4, squared: 8, signed: -4, periods: 4 });
    expect(result.errors.get('moving-average')).toMatchObject({ absolute: 4, squared: 4, signed: 0, periods: 4 });
  });

  it('scores the automatic forecast and its variants, and counts the members it averaged', () => {
    const result = backtestSeries(series, plan);
    // On alternating data MA(2) validates better than naive at every origin.
    expect(result.errors.get('automatic single best')).toEqual(result.errors.get('moving-average'));
    expect(result.errors.get(AUTOMATIC_LABEL)?.periods).toBe(4);
    // Four members (of the five without a season) at each of the two origins, never naive.
    expect([...result.choices.values()].reduce((a, b) => a + b, 0)).toBe(2 * AUTOMATIC_COMBINATION_SIZE);
    expect(result.choices.has('naive')).toBe(false);
  });

  it('scores the intervals: the 95 % interval holds at least what the 80 % one does', () => {
    for (const totals of backtestSeries(series, plan).errors.values()) {
      expect(totals.inside80).toBeLessThanOrEqual(totals.inside95 ?? Number.NaN);
      expect(totals.inside95).toBeLessThanOrEqual(totals.periods);
      expect(totals.pinball).toBeGreaterThan(0);
    }
  });

  it('scores the automatic forecast a second time with its former in-sample intervals: same points, other bounds', () => {
    const result = backtestSeries(series, plan);
    const profiled = result.errors.get(AUTOMATIC_LABEL);
    const inSample = result.errors.get(IN_SAMPLE_INTERVALS_LABEL);
    expect(inSample).toMatchObject({ absolute: profiled?.absolute, squared: profiled?.squared, signed: profiled?.signed, periods: profiled?.periods });
  });

  it('scores the automatic forecast again with central intervals: same points and quantiles, intervals at least as wide', () => {
    const result = backtestSeries(series, plan);
    const automatic = result.errors.get(AUTOMATIC_LABEL);
    const central = result.errors.get(CENTRAL_INTERVALS_LABEL);
    expect(central).toMatchObject({ absolute: automatic?.absolute, pinball: automatic?.pinball, above80: automatic?.above80, above95: automatic?.above95 });
    expect(central?.inside80).toBeGreaterThanOrEqual(automatic?.inside80 ?? Number.NaN);
    expect(central?.inside95).toBeGreaterThanOrEqual(automatic?.inside95 ?? Number.NaN);
  });

  it('does not score censored holdout periods', () => {
    const censored = Uint8Array.of(0, 0, 0, 0, 0, 1, 0, 1);
    const result = backtestSeries({ ...series, censored }, plan);
    expect(result.errors.get('naive')?.periods).toBe(2);
  });

  it('scores the oracle from the true distribution of simulated series only, and never as a single method', () => {
    // Each period's demand is 1, 2, 3 or 4, each with probability 0.25: mean 2.5, median 2.
    const truth = () => flooredUniform(1, 5);
    const result = backtestSeries({ ...series, truth }, plan);
    // Holdout 2 4 2 4: errors -0.5 1.5 -0.5 1.5 from the mean, 0 2 0 2 from the median.
    expect(result.errors.get(ORACLE_MEAN_LABEL)).toMatchObject({ absolute: 4, squared: 5, signed: 2, periods: 4 });
    expect(result.errors.get(ORACLE_MEDIAN_LABEL)).toMatchObject({ absolute: 4, squared: 8, signed: 4, periods: 4 });
    expect(backtestSeries(series, plan).errors.has(ORACLE_MEAN_LABEL)).toBe(false);
    expect(isSingleMethodLabel(ORACLE_MEAN_LABEL) || isSingleMethodLabel(ORACLE_MEDIAN_LABEL)).toBe(false);
  });

  it('counts the scored periods without demand, censored ones left out', () => {
    const values = Float64Array.of(2, 4, 2, 4, 0, 4, 0, 0);
    const censored = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1);
    const result = backtestSeries({ id: 'z', values, censored }, plan);
    for (const totals of result.errors.values()) expect(totals.zeroDemand).toBe(2);
  });
});

describe('pinballLoss', () => {
  it('weighs a shortfall by p and an excess by 1 - p', () => {
    expect(pinballLoss(10, 6, 0.9)).toBeCloseTo(3.6, 12);
    expect(pinballLoss(6, 10, 0.9)).toBeCloseTo(0.4, 12);
    expect(pinballLoss(5, 5, 0.1)).toBe(0);
  });
});

describe('rollingPlan', () => {
  it('holds out exactly the periods its origins forecast', () => {
    const rolling = rollingPlan(plan, 28, 3, 14);
    expect(rolling).toMatchObject({ name: 'h28 x3', horizon: 28, step: 14, holdout: 56 });
  });
});

describe('isEligible', () => {
  it('needs enough training history with some demand and an observed holdout', () => {
    expect(isEligible({ id: 'a', values: Float64Array.of(1, 0, 0, 0, 5, 5, 5, 5), censored: null }, plan)).toBe(true);
    expect(isEligible({ id: 'b', values: Float64Array.of(1, 0, 0, 5, 5, 5, 5), censored: null }, plan)).toBe(false);
    expect(isEligible({ id: 'c', values: Float64Array.of(0, 0, 0, 0, 5, 5, 5, 5), censored: null }, plan)).toBe(false);
    const closedHoldout = Uint8Array.of(0, 0, 0, 0, 1, 1, 1, 1);
    expect(isEligible({ id: 'd', values: Float64Array.of(1, 1, 1, 1, 0, 0, 0, 0), censored: closedHoldout }, plan)).toBe(false);
  });
});
