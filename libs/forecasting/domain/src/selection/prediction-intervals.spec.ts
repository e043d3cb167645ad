import type { ForecastResult } from '../methods/forecast-method.types';
import { forecastQuantiles } from './forecast-quantiles';
import { forecastIntervals } from './prediction-intervals';

function forecastOf(points: number[], errors: number[]): ForecastResult {
  return { method: 'simple-exponential-smoothing', pointForecast: Float64Array.from(points), params: {}, inSampleErrors: Float64Array.from(errors) };
}

describe('forecastIntervals', () => {
  it('is the central interval where its lower bound is above zero', () => {
    // Forecast 10, sigma 2: the 80 % interval is 10 -/+ 1.2816 * 2.
    const [interval] = forecastIntervals(forecastOf([10], [2, -2]), [0.8]);
    expect(interval.level).toBe(0.8);
    expect(interval.lower[0]).toBeCloseTo(10 - 1.2815515655446004 * 2, 9);
    expect(interval.upper[0]).toBeCloseTo(10 + 1.2815515655446004 * 2, 9);
  });

  it('runs from zero to the level quantile where the central lower bound is zero demand', () => {
    // Forecast 1, sigma 5: the 0.1 quantile is below zero, floored; the 80 % interval is [0, q(0.8)].
    const forecast = forecastOf([1, 12], [5, -5]);
    const [interval] = forecastIntervals(forecast, [0.8]);
    const q = forecastQuantiles(forecast, [0.8, 0.9]).perPeriod;
    expect(interval.lower[0]).toBe(0);
    expect(interval.upper[0]).toBeCloseTo(q[0][0], 12);
    expect(interval.upper[0]).toBeLessThan(q[1][0]);
    // Period 2 (forecast 12, spread 5 * sqrt(2)) keeps a positive lower bound: central.
    expect(interval.lower[1]).toBeGreaterThan(0);
    expect(interval.upper[1]).toBeCloseTo(q[1][1], 12);
  });

  it('covers the level on a count distribution with a mass at zero, where the central interval covers more', () => {
    // Croston mean 2, variance 4: negative binomial r = 2, p = 1/2, P(k) = (k + 1) / 2^(k + 2):
    // cumulative 0.25, 0.5, 0.6875, 0.8125, 0.890625, 0.9375 for 0 to 5. The 0.1 quantile is 0,
    // the 0.8 quantile 3 and the 0.9 quantile 5: the central [0, 5] would cover 0.9375, [0, 3] covers 0.8125.
    const croston: ForecastResult = { method: 'croston', pointForecast: Float64Array.of(2), params: {}, inSampleErrors: Float64Array.of(2, -2) };
    const [interval] = forecastIntervals(croston, [0.8]);
    expect(interval.lower[0]).toBe(0);
    expect(interval.upper[0]).toBe(3);
    expect(forecastQuantiles(croston, [0.9]).perPeriod[0][0]).toBe(5);
  });

  it('gives one interval per level, in the order asked', () => {
    const intervals = forecastIntervals(forecastOf([10, 10], [2, -2]), [0.95, 0.8]);
    expect(intervals.map((interval) => interval.level)).toEqual([0.95, 0.8]);
    expect(intervals[0].upper[1]).toBeGreaterThan(intervals[1].upper[1]);
    expect(intervals[0].lower[1]).toBeLessThan(intervals[1].lower[1]);
  });
});
