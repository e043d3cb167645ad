/**
 * Quantiles of future demand around a point forecast. The one-period error spread sigma is the
 * root mean square of the in-sample one-step errors. For period k ahead the spread is taken as
 * sigma * sqrt(k) (uncertainty grows with the horizon); for the total over the horizon H it is
 * sigma * sqrt(H) (independent per-period errors, the same assumption as the safety stock).
 *
 * With an error profile (the forecast's own out-of-sample errors by distance ahead, measured when
 * it was chosen) the spreads come from it instead: the k-ahead spread from its per-period model
 * and the total's from its lead-time-total model, which counts errors that share a sign over
 * consecutive periods. One-step in-sample errors miss that, and intervals built on them were too
 * narrow far ahead where the level drifts and too wide where demand is stable noise. When the
 * profile holds enough errors, the per-period bounds take their shape from the empirical
 * quantiles of its standardized errors ('empirical'), floored at zero demand, and the
 * probabilities up to the share of zero-demand periods it saw are zero; the total keeps a normal
 * shape with the total's spread.
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
import { type ForecastErrorProfile, profileStdDevAhead, profileTotalStdDev, standardizedErrorQuantile } from './forecast-error-profile';

export type QuantileDistribution = 'normal' | 'negative-binomial' | 'empirical';

export interface QuantileOptions {
  /** 'auto' (default): negative binomial for Croston-type forecasts or intermittent/lumpy demand. */
  readonly distribution?: QuantileDistribution | 'auto';
  readonly demandClass?: DemandClass;
  /** Overrides the one-period error standard deviation estimated from the in-sample errors. */
  readonly errorStdDevPerPeriod?: number;
  /** Out-of-sample errors by distance ahead; when present the spreads come from it. */
  readonly errorProfile?: ForecastErrorProfile | null;
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
  const profile = options.errorStdDevPerPeriod === undefined ? (options.errorProfile ?? null) : null;
  const sigma = options.errorStdDevPerPeriod ?? (profile === null ? forecastErrorStdDev(forecast) : profileStdDevAhead(profile, 1));
  const spreadAhead = (periods: number): number => (profile === null ? sigma * Math.sqrt(periods) : profileStdDevAhead(profile, periods));
  const totalSpread = (periods: number): number => (profile === null ? sigma * Math.sqrt(periods) : profileTotalStdDev(profile, periods));
  const empirical = resolveEmpirical(profile, probabilities, options);
  const parametric = resolveDistribution(forecast, options);
  const distribution = empirical.some((value) => value !== null) ? 'empirical' : parametric;
  const points = forecast.pointForecast;
  const horizon = points.length;
  let totalMean = 0;
  for (const value of points) totalMean += value;
  const zs = probabilities.map((probability) => inverseStandardNormal(probability));
  const quantile = (mean: number, spread: number, probability: number, z: number): number =>
    parametric === 'negative-binomial' ? countQuantile(mean, spread * spread, probability) : Math.max(0, mean + z * spread);
  // Probabilities within the share of zero-demand periods the profile saw are zero demand.
  const atZero = probabilities.map((probability, i) => distribution === 'empirical' && empirical[i] !== null && profile !== null && probability <= profile.zeroDemandShare);
  const perPeriod = probabilities.map((probability, i) => {
    const values = new Float64Array(horizon);
    const z = empirical[i];
    for (let k = 0; k < horizon; k++) {
      values[k] = atZero[i] ? 0 : z === null ? quantile(points[k], spreadAhead(k + 1), probability, zs[i]) : Math.max(0, points[k] + z * spreadAhead(k + 1));
    }
    return values;
  });
  if (distribution === 'empirical') keepQuantilesInOrder(probabilities, perPeriod);
  // The total is a sum of many periods, closer to normal than any one of them: normal shape
  // around the total, with the spread of the total, unless the count distribution applies.
  const total = Float64Array.from(probabilities, (probability, i) => quantile(totalMean, totalSpread(horizon), probability, zs[i]));
  return { probabilities: [...probabilities], distribution, errorStdDevPerPeriod: sigma, perPeriod, total, totalMean };
}

/**
 * Per probability, the empirical standardized-error quantile when the profile can show it and
 * nothing else was asked for; null where the parametric shape (with the profile's spread) stands
 * in, such as the outer bounds of a profile with few errors.
 */
function resolveEmpirical(profile: ForecastErrorProfile | null, probabilities: readonly number[], options: QuantileOptions): (number | null)[] {
  const requested = options.distribution ?? 'auto';
  if (profile === null || (requested !== 'auto' && requested !== 'empirical')) return probabilities.map(() => null);
  return probabilities.map((probability) => standardizedErrorQuantile(profile, probability));
}

/** Where empirical and parametric bounds meet, a higher probability never gets a lower bound. */
function keepQuantilesInOrder(probabilities: readonly number[], perPeriod: Float64Array[]): void {
  const order = probabilities.map((_, i) => i).sort((a, b) => probabilities[a] - probabilities[b]);
  for (let r = 1; r < order.length; r++) {
    const lower = perPeriod[order[r - 1]];
    const upper = perPeriod[order[r]];
    for (let k = 0; k < upper.length; k++) if (upper[k] < lower[k]) upper[k] = lower[k];
  }
}

function resolveDistribution(forecast: ForecastResult, options: QuantileOptions): QuantileDistribution {
  const requested = options.distribution ?? 'auto';
  if (requested === 'normal' || requested === 'negative-binomial') return requested;
  const intermittent = options.demandClass === 'intermittent' || options.demandClass === 'lumpy';
  return intermittent || INTERMITTENT_METHODS.has(forecast.method) ? 'negative-binomial' : 'normal';
}
