import type { ForecastResult } from '../methods/forecast-method.types';
import type { ForecastErrorProfile } from './forecast-error-profile';
import { forecastErrorStdDev, forecastQuantiles } from './forecast-quantiles';

function forecastOf(method: ForecastResult['method'], points: number[], errors: number[]): ForecastResult {
  return { method, pointForecast: Float64Array.from(points), params: {}, inSampleErrors: Float64Array.from(errors) };
}

describe('forecastErrorStdDev', () => {
  it('is the root mean square of the recorded one-step errors: sqrt((9 + 16) / 2)', () => {
    expect(forecastErrorStdDev(forecastOf('naive', [1], [Number.NaN, 3, -4]))).toBeCloseTo(Math.sqrt(12.5), 12);
  });

  it('falls back to the Poisson spread sqrt(mean forecast) without errors', () => {
    expect(forecastErrorStdDev(forecastOf('naive', [4, 4], []))).toBe(2);
    expect(forecastErrorStdDev(forecastOf('naive', [], []))).toBe(0);
  });
});

describe('forecastQuantiles', () => {
  const z95 = 1.6448536269514722;

  it('normal quantiles: mean + z sigma sqrt(k) per period, mean + z sigma sqrt(H) in total', () => {
    // Forecast 10 10, sigma 2 (errors ±2): period 1: 10 + 1.6449 * 2 = 13.2897;
    // period 2: 10 + 1.6449 * 2 * sqrt(2) = 14.6524; total: 20 + 1.6449 * 2 * sqrt(2) = 24.6524.
    const result = forecastQuantiles(forecastOf('simple-exponential-smoothing', [10, 10], [2, -2]), [0.5, 0.95]);
    expect(result.distribution).toBe('normal');
    expect(result.errorStdDevPerPeriod).toBe(2);
    expect(result.perPeriod[0][0]).toBe(10);
    expect(result.perPeriod[1][0]).toBeCloseTo(10 + z95 * 2, 9);
    expect(result.perPeriod[1][1]).toBeCloseTo(10 + z95 * 2 * Math.SQRT2, 9);
    expect(result.total[1]).toBeCloseTo(20 + z95 * 2 * Math.SQRT2, 9);
    expect(result.totalMean).toBe(20);
  });

  it('floors normal quantiles at zero', () => {
    const result = forecastQuantiles(forecastOf('naive', [1], [5, -5]), [0.05]);
    expect(result.perPeriod[0][0]).toBe(0);
  });

  it('uses count quantiles for Croston-type forecasts and intermittent classes', () => {
    // Mean 2 per period, sigma^2 = 4: negative binomial (mean 2, variance 4) -> 95% quantile 6.
    const croston = forecastQuantiles(forecastOf('croston', [2], [2, -2]), [0.95]);
    expect(croston.distribution).toBe('negative-binomial');
    expect(croston.perPeriod[0][0]).toBe(6);
    expect(forecastQuantiles(forecastOf('naive', [2], [2]), [0.5], { demandClass: 'lumpy' }).distribution).toBe('negative-binomial');
    expect(forecastQuantiles(forecastOf('croston', [2], [2]), [0.5], { distribution: 'normal' }).distribution).toBe('normal');
  });

  it('takes a given error spread instead of the in-sample one, and rejects probabilities outside (0, 1)', () => {
    expect(forecastQuantiles(forecastOf('naive', [10], [1]), [0.5], { errorStdDevPerPeriod: 3 }).errorStdDevPerPeriod).toBe(3);
    expect(() => forecastQuantiles(forecastOf('naive', [1], []), [1])).toThrow('probabilities must be strictly between 0 and 1, got 1');
  });

  describe('with an out-of-sample error profile', () => {
    // Spread 2 one period ahead, growing by 1 in variance per period; 100 origins (allowance 1.01).
    // Standardized errors -1.0, -0.9, ..., 2.9 (40 values, ascending): skewed to the right.
    const profile: ForecastErrorProfile = {
      constantVariance: 3,
      varianceGrowthPerPeriod: 1,
      independentVariance: 2,
      persistentVariance: 2,
      origins: 100,
      errorsScored: 40,
      originsAhead: Float64Array.of(100, 100),
      standardizedErrors: Float64Array.from({ length: 40 }, (_, i) => -1 + i / 10),
      standardizedTotalErrors: new Float64Array(0),
      zeroDemandShare: 0,
    };

    it('shapes per-period bounds by the empirical standardized errors, spread by distance ahead', () => {
      const result = forecastQuantiles(forecastOf('simple-exponential-smoothing', [10, 10], [1, -1]), [0.1, 0.9], { errorProfile: profile });
      expect(result.distribution).toBe('empirical');
      // 0.1 quantile: position 41 * 0.1 - 1 = 3.1 -> -0.69; 0.9: 41 * 0.9 - 1 = 35.9 -> 2.59.
      const spread1 = Math.sqrt(4 * 1.01);
      const spread2 = Math.sqrt(5 * 1.01);
      expect(result.perPeriod[0][0]).toBeCloseTo(10 - 0.69 * spread1, 9);
      expect(result.perPeriod[1][0]).toBeCloseTo(10 + 2.59 * spread1, 9);
      expect(result.perPeriod[1][1]).toBeCloseTo(10 + 2.59 * spread2, 9);
      // The total over 2 periods is normal with the total's spread: sqrt((2 * 2 + 2 * 4) * 1.01).
      expect(result.total[1]).toBeCloseTo(20 + 1.2815515655446004 * Math.sqrt(12 * 1.01), 6);
    });

    it('puts the probabilities within the share of zero-demand periods at zero demand', () => {
      // A quarter of the profile's periods had no demand: the 0.1 and 0.25 quantiles are zero
      // although the standardized errors alone would put them at 10 - 0.69 * 2 and above.
      const result = forecastQuantiles(forecastOf('simple-exponential-smoothing', [10], [1, -1]), [0.1, 0.25, 0.5], { errorProfile: { ...profile, zeroDemandShare: 0.25 } });
      expect(result.perPeriod[0][0]).toBe(0);
      expect(result.perPeriod[1][0]).toBe(0);
      expect(result.perPeriod[2][0]).toBeGreaterThan(10);
    });

    it('never puts a bound below zero demand', () => {
      const result = forecastQuantiles(forecastOf('croston', [0.5], [1, -1]), [0.1], { errorProfile: profile });
      expect(result.perPeriod[0][0]).toBe(0);
    });

    it('takes an outer bound the errors cannot show from the parametric shape, keeping the bounds in order', () => {
      // 40 errors cannot show the 0.99 quantile (position 41 * 0.99 - 1 = 39.59 > 39): normal there.
      const result = forecastQuantiles(forecastOf('simple-exponential-smoothing', [10], [1]), [0.9, 0.99], { errorProfile: profile });
      expect(result.distribution).toBe('empirical');
      const spread = Math.sqrt(4 * 1.01);
      expect(result.perPeriod[0][0]).toBeCloseTo(10 + 2.59 * spread, 9);
      // The normal 0.99 bound (z 2.33) falls below the empirical 0.9 one: raised to it.
      expect(result.perPeriod[1][0]).toBeCloseTo(10 + 2.59 * spread, 9);
    });

    it('falls back to the parametric shape, with the profile spread, on too few errors', () => {
      const sparse = { ...profile, standardizedErrors: Float64Array.of(-1, 0, 1) };
      const result = forecastQuantiles(forecastOf('simple-exponential-smoothing', [10], [1]), [0.9], { errorProfile: sparse });
      expect(result.distribution).toBe('normal');
      expect(result.perPeriod[0][0]).toBeCloseTo(10 + 1.2815515655446004 * Math.sqrt(4 * 1.01), 6);
    });
  });
});
