/**
 * Croston's method for intermittent demand and its Syntetos-Boylan Approximation (SBA). Demand
 * sizes and the intervals between demands are smoothed separately, and the per-period forecast is
 * size / interval; SBA multiplies by (1 - alpha/2) to remove Croston's known upward bias. Both
 * are updated only when demand occurs. Censored periods without sales are skipped outright (an
 * unavailable day is not a day without demand); censored periods with sales count as a demand of
 * at least that size.
 */
import { ForecastingError } from '../forecasting.error';
import { type DemandHistory, NOT_RECORDED, type PreparedSeries, errorBuffer, prepareSeries } from '../series/demand-series';
import { type BaseForecastOptions, type ForecastResult, assertHorizon, flatForecast } from './forecast-method.types';
import { intermittentStart } from './intermittent-demand.state';

export const CROSTON_ALPHA_GRID: readonly number[] = [0.03, 0.08, 0.15, 0.25, 0.4];

export interface CrostonOptions extends BaseForecastOptions {
  /** Fixed smoothing weight for sizes and intervals; fitted on a grid when absent. */
  readonly alpha?: number;
}

export interface CrostonParams {
  readonly alpha: number;
  readonly finalSize: number;
  readonly finalInterval: number;
  /** Multiplier applied to size / interval: 1 for Croston, 1 - alpha/2 for SBA. */
  readonly biasCorrection: number;
}

type CrostonVariant = 'croston' | 'sba';

export function crostonForecast(history: DemandHistory, options: CrostonOptions): ForecastResult<CrostonParams> {
  return fitCroston(prepareSeries(history, options.censored), options.horizon, 'croston', options.alpha);
}

export function sbaForecast(history: DemandHistory, options: CrostonOptions): ForecastResult<CrostonParams> {
  return fitCroston(prepareSeries(history, options.censored), options.horizon, 'sba', options.alpha);
}

export function fitCroston(
  series: PreparedSeries,
  horizon: number,
  variant: CrostonVariant,
  fixedAlpha?: number,
  recordErrors = true,
): ForecastResult<CrostonParams> {
  assertHorizon(horizon);
  if (fixedAlpha !== undefined && !(fixedAlpha > 0 && fixedAlpha <= 1)) {
    throw new ForecastingError('FORECAST.INVALID_ALPHA', `alpha must be in (0, 1], got ${fixedAlpha}`);
  }
  const start = intermittentStart(series);
  if (start.demandCount === 0) {
    return {
      method: variant,
      pointForecast: flatForecast(horizon, 0),
      params: { alpha: fixedAlpha ?? 0, finalSize: 0, finalInterval: start.meanInterval, biasCorrection: 1 },
      inSampleErrors: errorBuffer(series.length, recordErrors) ?? NOT_RECORDED,
      fallback: { reason: 'no-demand', rule: 'zero' },
    };
  }
  // With demand in every period there is no interval variability and hence no bias to correct.
  const correctionFor = (alpha: number): number => (variant === 'sba' && start.hasZeroPeriods ? 1 - alpha / 2 : 1);
  let alpha = fixedAlpha ?? CROSTON_ALPHA_GRID[0];
  if (fixedAlpha === undefined) {
    let bestSse = Number.POSITIVE_INFINITY;
    for (const candidate of CROSTON_ALPHA_GRID) {
      const sse = runCroston(series, candidate, correctionFor(candidate), start.meanSize, start.meanInterval, null, null);
      if (sse < bestSse) {
        bestSse = sse;
        alpha = candidate;
      }
    }
  }
  const biasCorrection = correctionFor(alpha);
  const errors = errorBuffer(series.length, recordErrors);
  const final = { size: 0, interval: 0 };
  runCroston(series, alpha, biasCorrection, start.meanSize, start.meanInterval, errors, final);
  return {
    method: variant,
    pointForecast: flatForecast(horizon, (biasCorrection * final.size) / final.interval),
    params: { alpha, finalSize: final.size, finalInterval: final.interval, biasCorrection },
    inSampleErrors: errors ?? NOT_RECORDED,
  };
}

function runCroston(
  series: PreparedSeries,
  alpha: number,
  biasCorrection: number,
  initialSize: number,
  initialInterval: number,
  errors: Float64Array | null,
  final: { size: number; interval: number } | null,
): number {
  const { values, censored, length } = series;
  let size = initialSize;
  let interval = initialInterval;
  let periodsSinceDemand = 0;
  let sse = 0;
  // The forecast only changes when demand occurs; dividing once per demand, not per period.
  let forecast = (biasCorrection * size) / interval;
  for (let t = 0; t < length; t++) {
    const demand = values[t];
    const isCensored = censored !== null && censored[t] === 1;
    if (isCensored && demand <= 0) continue;
    if (!isCensored) {
      const error = demand - forecast;
      sse += error * error;
      if (errors !== null) errors[t] = error;
    }
    periodsSinceDemand++;
    if (demand > 0) {
      const observedSize = isCensored && demand < size ? size : demand;
      size += alpha * (observedSize - size);
      interval += alpha * (periodsSinceDemand - interval);
      periodsSinceDemand = 0;
      forecast = (biasCorrection * size) / interval;
    }
  }
  if (final !== null) {
    final.size = size;
    final.interval = interval;
  }
  return sse;
}
