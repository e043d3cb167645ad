import type { ForecastResult } from '../methods/forecast-method.types';
import { type ForecastErrorProfile, MOSTLY_ZERO_DEMAND_SHARE } from './forecast-error-profile';
import { forecastQuantiles } from './forecast-quantiles';
import { ONE_SIDED_TAIL_FACTORS, forecastIntervals, oneSidedUpperLevel } from './prediction-intervals';

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

describe('one-sided intervals with an error profile', () => {
  // Standardized errors -1.0, -0.9, ..., 2.9 (40 values), spread 2 one period ahead (100 origins).
  const profile = (zeroDemandShare: number): ForecastErrorProfile => ({
    constantVariance: 4 / 1.01,
    varianceGrowthPerPeriod: 0,
    independentVariance: 4,
    persistentVariance: 0,
    origins: 100,
    errorsScored: 40,
    originsAhead: Float64Array.of(100),
    standardizedErrors: Float64Array.from({ length: 40 }, (_, i) => -1 + i / 10),
    standardizedTotalErrors: new Float64Array(0),
    zeroDemandShare,
  });

  it('reads the upper bound at 1 - factor * (1 - level) for the demand classes of the table', () => {
    expect(oneSidedUpperLevel(0.8, 'lumpy', profile(0.3))).toBeCloseTo(0.82, 12);
    expect(oneSidedUpperLevel(0.95, 'erratic', profile(0.3))).toBeCloseTo(0.955, 12);
    expect(oneSidedUpperLevel(0.8, 'intermittent', profile(0.3))).toBeCloseTo(0.74, 12);
    expect(ONE_SIDED_TAIL_FACTORS.smooth).toBeUndefined();
    expect(oneSidedUpperLevel(0.8, 'smooth', profile(0.3))).toBe(0.8);
  });

  it('keeps the level without a demand class or a profile, on mostly-zero demand and below 0.5', () => {
    expect(oneSidedUpperLevel(0.8, undefined, profile(0.3))).toBe(0.8);
    expect(oneSidedUpperLevel(0.8, 'lumpy', null)).toBe(0.8);
    expect(oneSidedUpperLevel(0.8, 'lumpy', profile(MOSTLY_ZERO_DEMAND_SHARE))).toBe(0.8);
    expect(oneSidedUpperLevel(0.4, 'intermittent', profile(0.3))).toBe(0.4);
  });

  it('bounds a one-sided interval of lumpy demand by the 82 % quantile and leaves the central ones alone', () => {
    // Forecast 0.5: the 0.1 quantile 0.5 - 0.69 * 2 is below zero, so [0, q]. Forecast 5: central.
    const forecast = forecastOf([0.5, 5], [1, -1]);
    const options = { demandClass: 'lumpy', errorProfile: profile(0.05) } as const;
    const [interval] = forecastIntervals(forecast, [0.8], options);
    const q = forecastQuantiles(forecast, [0.1, 0.82, 0.9], options).perPeriod;
    expect(interval.lower[0]).toBe(0);
    expect(interval.upper[0]).toBeCloseTo(q[1][0], 12);
    expect(interval.lower[1]).toBeCloseTo(5 - 0.69 * 2, 12);
    expect(interval.lower[1]).toBeCloseTo(q[0][1], 12);
    expect(interval.upper[1]).toBeCloseTo(q[2][1], 12);
    // A spread given in place of the profile sets the correction aside too.
    const [plain] = forecastIntervals(forecast, [0.8], { ...options, errorStdDevPerPeriod: 2, distribution: 'normal' });
    expect(plain.upper[0]).toBeCloseTo(0.5 + 0.8416212335729143 * 2, 12);
  });
});
