/**
 * Quantiles of future demand around a point forecast. The one-period error spread sigma is the
 * root mean square of the in-sample one-step errors. For period k ahead the spread is taken as
 * sigma * sqrt(k) (uncertainty grows with the horizon); for the total over the horizon H it is
 * sigma * sqrt(H) (independent per-period errors, the same assumption as the safety stock).
 *
 * Smooth demand uses a normal distribution, floored at zero. Intermittent demand is a count with
 * a point mass at zero and a long right tail, where a normal quantile is badly wrong at both ends;
 * it uses a negative binomial with the same mean and variance (Poisson when the variance does not
 * exceed the mean), and a normal approximation only for large means where the two agree.
 */
import type { DemandClass } from '../accuracy/demand-classification';
import { ForecastingError } from '../forecasting.error';
import type { ForecastResult } from '../methods/forecast-method.types';
import { inverseStandardNormal } from '../policy/normal-distribution';
import { countQuantile } from './count-quantile';

export type QuantileDistribution = 'normal' | 'negative-binomial';

export interface QuantileOptions {
  /** 'auto' (default): negative binomial for Croston-type forecasts or intermittent/lumpy demand. */
  readonly distribution?: QuantileDistribution | 'auto';
  readonly demandClass?: DemandClass;
  /** Overrides the one-period error standard deviation estimated from the in-sample errors. */
  readonly errorStdDevPerPeriod?: number;
}

export interface QuantileForecast {
  readonly probabilities: readonly number[];
  readonly distribution: QuantileDistribution;
  readonly errorStdDevPerPeriod: number;
  /** perPeriod[i][k]: quantile probabilities[i] of the demand in period k + 1. */
  readonly perPeriod: readonly Float64Array[];
  /** total[i]: quantile probabilities[i] of the total demand over the horizon. */
  readonly total: Float64Array;
  readonly totalMean: number;
}

const INTERMITTENT_METHODS: ReadonlySet<string> = new Set(['croston', 'sba', 'tsb']);

/**
 * Root mean square of the finite in-sample one-step errors. Without any (no history, or errors
 * not recorded) it falls back to the Poisson spread sqrt(mean forecast).
 */
export function forecastErrorStdDev(forecast: ForecastResult): number {
  const errors = forecast.inSampleErrors;
  let squaredSum = 0;
  let count = 0;
  for (let t = 0; t < errors.length; t++) {
    const error = errors[t];
    if (error === error) {
      squaredSum += error * error;
      count++;
    }
  }
  if (count > 0) return Math.sqrt(squaredSum / count);
  const points = forecast.pointForecast;
  let sum = 0;
  for (let k = 0; k < points.length; k++) sum += points[k];
  return points.length > 0 ? Math.sqrt(Math.max(0, sum / points.length)) : 0;
}

export function forecastQuantiles(forecast: ForecastResult, probabilities: readonly number[], options: QuantileOptions = {}): QuantileForecast {
  for (const probability of probabilities) {
    if (!(probability > 0 && probability < 1)) {
      throw new ForecastingError('FORECAST.INVALID_PROBABILITY', `probabilities must be strictly between 0 and 1, got ${probability}`);
    }
  }
  const sigma = options.errorStdDevPerPeriod ?? forecastErrorStdDev(forecast);
  const distribution = resolveDistribution(forecast, options);
  const points = forecast.pointForecast;
  const horizon = points.length;
  let totalMean = 0;
  for (const value of points) totalMean += value;
  const quantile = (mean: number, variance: number, probability: number, z: number): number =>
    distribution === 'normal' ? Math.max(0, mean + z * Math.sqrt(variance)) : countQuantile(mean, variance, probability);
  const zs = probabilities.map((probability) => (distribution === 'normal' ? inverseStandardNormal(probability) : 0));
  const perPeriod = probabilities.map((probability, i) => {
    const values = new Float64Array(horizon);
    for (let k = 0; k < horizon; k++) values[k] = quantile(points[k], sigma * sigma * (k + 1), probability, zs[i]);
    return values;
  });
  const total = Float64Array.from(probabilities, (probability, i) => quantile(totalMean, sigma * sigma * horizon, probability, zs[i]));
  return { probabilities: [...probabilities], distribution, errorStdDevPerPeriod: sigma, perPeriod, total, totalMean };
}

function resolveDistribution(forecast: ForecastResult, options: QuantileOptions): QuantileDistribution {
  const requested = options.distribution ?? 'auto';
  if (requested !== 'auto') return requested;
  const intermittent = options.demandClass === 'intermittent' || options.demandClass === 'lumpy';
  return intermittent || INTERMITTENT_METHODS.has(forecast.method) ? 'negative-binomial' : 'normal';
}
