import { prepareSeries } from '../series/demand-series';
import { forecastWith, withFittedParameters } from './method-registry';
import { type TemporalAggregationParams, fitTemporalAggregation } from './temporal-aggregation.method';

describe('temporal aggregation (ADIDA)', () => {
  it('smooths the mean per period of whole buckets ending at the last period, and spreads the forecast evenly', () => {
    // Buckets of 3 from the end: [1 2 3] mean 2 and [6 0 3] mean 3; the two first periods are in none.
    // SES, alpha 0.5, starts at the mean of the buckets 2.5: error -0.5, level 2.25; error 0.75, level 2.625.
    const series = prepareSeries([9, 9, 1, 2, 3, 6, 0, 3]);
    const result = fitTemporalAggregation(series, 4, { bucket: 3, alpha: 0.5 });
    expect(Array.from(result.pointForecast)).toEqual([2.625, 2.625, 2.625, 2.625]);
    // Each period's error is against its bucket's forecast from the buckets before it: 2.5, then 2.25.
    expect(Array.from(result.inSampleErrors)).toEqual([Number.NaN, Number.NaN, -1.5, -0.5, 0.5, 3.75, -2.25, 0.75]);
    expect(result.params).toMatchObject({ bucket: 3, base: 'simple-exponential-smoothing', alpha: 0.5, level: 2.625 });
  });

  it('leaves censored periods out of their bucket, and censors a bucket without an observed period', () => {
    // Buckets [1 (0) 3] mean 2, [(0) (0) (0)] censored, [4 4 4] mean 4.
    const values = [1, 0, 3, 0, 0, 0, 4, 4, 4];
    const censored = [0, 1, 0, 1, 1, 1, 0, 0, 0];
    const result = fitTemporalAggregation(prepareSeries(values, censored), 1, { bucket: 3, alpha: 0.5 });
    // SES starts at (2 + 4) / 2 = 3: error -1, level 2.5; the censored bucket sold nothing, so the
    // level stays; error 1.5, level 3.25.
    expect(result.pointForecast[0]).toBe(3.25);
    expect(Number.isNaN(result.inSampleErrors[1]) && Number.isNaN(result.inSampleErrors[4])).toBe(true);
  });

  it('forecasts the buckets with SBA or TSB, and keeps the fitted weights for later origins', () => {
    const history = Array.from({ length: 70 }, (_, t) => (t % 5 === 0 ? 5 : 0));
    for (const base of ['sba', 'tsb'] as const) {
      const spec = { method: 'temporal-aggregation' as const, settings: { bucket: 7, base } };
      const result = forecastWith(spec, history, { horizon: 7 });
      // A sale every fifth day, of 5 units: one unit a day.
      for (const value of result.pointForecast) expect(value).toBeGreaterThan(0.8);
      for (const value of result.pointForecast) expect(value).toBeLessThan(1.2);
      const params = result.params as TemporalAggregationParams;
      const fixed = withFittedParameters(spec, result).settings;
      expect(fixed).toMatchObject({ bucket: 7, base, alpha: params.alpha });
      if (base === 'tsb') expect(fixed?.beta).toBe(params.beta);
    }
  });

  it('with less history than a bucket, runs its method on the periods themselves', () => {
    const result = fitTemporalAggregation(prepareSeries([4, 4, 4]), 2, { bucket: 7 });
    expect(Array.from(result.pointForecast)).toEqual([4, 4]);
    expect(result.fallback).toEqual({ reason: 'history-too-short', rule: 'simple-exponential-smoothing' });
  });

  it('rejects a bucket that is not a positive whole number of periods', () => {
    expect(() => fitTemporalAggregation(prepareSeries([1, 2, 3]), 1, { bucket: 0 })).toThrow('bucket must be a positive whole number of periods, got 0');
  });
});
