/**
 * What every forecasting method takes and returns. Methods are pure functions of the history and
 * their options; the result carries everything a caller needs to audit the forecast: the point
 * forecast per future period, the fitted parameters and the in-sample one-step errors from which
 * accuracy and safety stock are derived.
 */
import { ForecastingError } from '../forecasting.error';
import type { CensoringMask } from '../series/demand-series';

export type ForecastMethodName =
  | 'naive'
  | 'seasonal-naive'
  | 'moving-average'
  | 'simple-exponential-smoothing'
  | 'holt-winters'
  | 'croston'
  | 'sba'
  | 'tsb'
  | 'temporal-aggregation';

/** Why a method did not run as asked; the forecast then comes from the simpler rule named. */
export type ForecastFallback =
  | { readonly reason: 'no-observations'; readonly rule: 'zero' }
  | { readonly reason: 'no-demand'; readonly rule: 'zero' }
  | { readonly reason: 'history-too-short'; readonly rule: ForecastMethodName };

export interface BaseForecastOptions {
  /** Number of future periods to forecast (≥ 0). */
  readonly horizon: number;
  /** Censored periods (stock-out, unavailable, closed): their sales are only a lower bound. */
  readonly censored?: CensoringMask | null;
}

export interface ForecastResult<TParams extends object = object> {
  readonly method: ForecastMethodName;
  /** Expected demand for each of the next `horizon` periods. */
  readonly pointForecast: Float64Array;
  readonly params: TParams;
  /**
   * Actual minus one-step-ahead forecast for each history period; NaN where the method had no
   * forecast yet (warm-up) or the period is censored (its true demand is unknown). Empty when
   * the internal fit was asked not to record errors (validation runs inside selection).
   */
  readonly inSampleErrors: Float64Array;
  readonly fallback?: ForecastFallback;
}

export function assertHorizon(horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 0) {
    throw new ForecastingError('FORECAST.INVALID_HORIZON', `horizon must be a non-negative integer, got ${horizon}`);
  }
}

/** A flat forecast, the shape of every level-only method. */
export function flatForecast(horizon: number, level: number): Float64Array {
  return new Float64Array(horizon).fill(level);
}
