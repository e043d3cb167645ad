/**
 * Temporal aggregation (ADIDA: aggregate, forecast, disaggregate; Nikolopoulos et al., 2011):
 * the history is cut into non-overlapping buckets of `bucket` periods ending at its last period,
 * each bucket becomes its mean demand per observed period, a smoothing method forecasts that
 * bucket series, and each future period gets its bucket's forecast (an even split). A week of
 * daily demand holds a sale far more often than a day, so the smoothing sees fewer zeros and less
 * noise, and its weights are fitted to the week-to-week movement that a forecast over a lead time
 * needs rather than to day-to-day noise.
 *
 * Censored periods are left out of their bucket's mean; a bucket with no observed period is
 * censored itself, so the smoothing method treats it as it treats any censored period.
 */
import { ForecastingError } from '../forecasting.error';
import { type PreparedSeries, errorBuffer, NOT_RECORDED } from '../series/demand-series';
import { fitCroston } from './croston.method';
import { type ForecastMethodName, type ForecastResult, assertHorizon } from './forecast-method.types';
import { fitSimpleExponentialSmoothing } from './simple-exponential-smoothing.method';
import { fitTsb } from './tsb.method';

/** Periods per bucket by default: a week of daily demand. */
export const DEFAULT_AGGREGATION_BUCKET = 7;

/** The methods that can forecast the bucket series: level-only smoothing. */
export type AggregatedBaseMethod = Extract<ForecastMethodName, 'simple-exponential-smoothing' | 'croston' | 'sba' | 'tsb'>;

export interface TemporalAggregationParams {
  readonly bucket: number;
  readonly base: AggregatedBaseMethod;
  /** The base method's smoothing weights, so that selection can hold them fixed at later origins. */
  readonly alpha: number;
  readonly beta?: number;
  /** The forecast per period. */
  readonly level: number;
}

export interface TemporalAggregationSettings {
  readonly bucket?: number;
  readonly base?: AggregatedBaseMethod;
  readonly alpha?: number;
  readonly beta?: number;
}

export function fitTemporalAggregation(
  series: PreparedSeries,
  horizon: number,
  settings: TemporalAggregationSettings = {},
  recordErrors = true,
): ForecastResult<TemporalAggregationParams> {
  assertHorizon(horizon);
  const bucket = settings.bucket ?? DEFAULT_AGGREGATION_BUCKET;
  const base = settings.base ?? 'simple-exponential-smoothing';
  if (!Number.isInteger(bucket) || bucket < 1) {
    throw new ForecastingError('FORECAST.INVALID_BUCKET', `bucket must be a positive whole number of periods, got ${bucket}`);
  }
  // Less history than one bucket: the base method on the periods themselves (buckets of one).
  const aggregated = aggregateBuckets(series, series.length < bucket ? 1 : bucket);
  const fitted = fitBase(base, aggregated.series, settings, recordErrors);
  const level = fitted.pointForecast[0];
  const errors = errorBuffer(series.length, recordErrors);
  if (errors !== null) spreadBucketErrors(series, aggregated, fitted.inSampleErrors, errors);
  const params = fitted.params as { alpha: number; beta?: number };
  return {
    method: 'temporal-aggregation',
    pointForecast: new Float64Array(horizon).fill(level),
    params: { bucket, base, alpha: params.alpha, beta: params.beta, level },
    inSampleErrors: errors ?? NOT_RECORDED,
    fallback: fitted.fallback ?? (series.length < bucket ? { reason: 'history-too-short', rule: base } : undefined),
  };
}

interface AggregatedSeries {
  readonly series: PreparedSeries;
  /** The first period of the first bucket: the periods before it belong to no bucket. */
  readonly start: number;
}

/** Mean demand per observed period of each bucket, the buckets ending at the last period. */
function aggregateBuckets(series: PreparedSeries, bucket: number): AggregatedSeries {
  const count = Math.floor(series.length / bucket);
  const start = series.length - count * bucket;
  const values = new Float64Array(count);
  let censored: Uint8Array | null = null;
  for (let b = 0; b < count; b++) {
    let sum = 0;
    let observed = 0;
    for (let t = start + b * bucket; t < start + (b + 1) * bucket; t++) {
      if (series.censored !== null && series.censored[t] === 1) continue;
      sum += series.values[t];
      observed++;
    }
    if (observed > 0) {
      values[b] = sum / observed;
    } else {
      censored ??= new Uint8Array(count);
      censored[b] = 1;
    }
  }
  return { series: { values, censored, length: count }, start };
}

function fitBase(
  base: AggregatedBaseMethod,
  series: PreparedSeries,
  settings: TemporalAggregationSettings,
  recordErrors: boolean,
): ForecastResult<{ alpha: number; beta?: number }> {
  switch (base) {
    case 'simple-exponential-smoothing':
      return fitSimpleExponentialSmoothing(series, 1, settings.alpha, recordErrors);
    case 'croston':
    case 'sba':
      return fitCroston(series, 1, base, settings.alpha, recordErrors);
    case 'tsb':
      return fitTsb(series, 1, settings.alpha, settings.beta, recordErrors);
  }
}

/**
 * A period's one-step error is its demand minus the forecast its bucket had from the buckets
 * before it (recovered as the bucket's mean minus its error); unknown where the bucket's is.
 */
function spreadBucketErrors(series: PreparedSeries, aggregated: AggregatedSeries, bucketErrors: Float64Array, errors: Float64Array): void {
  const bucket = aggregated.series.length === 0 ? 0 : (series.length - aggregated.start) / aggregated.series.length;
  for (let b = 0; b < aggregated.series.length; b++) {
    const bucketError = bucketErrors[b];
    if (bucketError !== bucketError) continue;
    const forecast = aggregated.series.values[b] - bucketError;
    for (let t = aggregated.start + b * bucket; t < aggregated.start + (b + 1) * bucket; t++) {
      if (series.censored === null || series.censored[t] === 0) errors[t] = series.values[t] - forecast;
    }
  }
}
