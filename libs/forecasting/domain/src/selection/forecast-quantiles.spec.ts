import type { ForecastResult } from '../methods/forecast-method.types';
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
});
