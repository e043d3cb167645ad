/**
 * Simple exponential smoothing: a level that moves toward each observation by a fraction alpha.
 * Alpha is fitted by least one-step squared error (grid, then golden-section). Censored periods
 * do not produce an error; the level is updated only if the censored sales exceed the forecast
 * (sales are a lower bound on demand), so a stock-out cannot pull the level down.
 */
import { ForecastingError } from '../forecasting.error';
import {
  type DemandHistory,
  NOT_RECORDED,
  type PreparedSeries,
  countObserved,
  errorBuffer,
  meanOfFirstObserved,
  prepareSeries,
} from '../series/demand-series';
import { type BaseForecastOptions, type ForecastResult, assertHorizon, flatForecast } from './forecast-method.types';
import { gridThenGoldenMinimum } from './parameter-search';

/** Periods averaged to start the level; one observation alone would make early errors noisy. */
export const SES_INITIAL_PERIODS = 7;
export const SMOOTHING_GRID: readonly number[] = [0.02, 0.08, 0.2, 0.45, 1];
const REFINE_ITERATIONS = 5;

export interface SimpleExponentialSmoothingOptions extends BaseForecastOptions {
  /** Fixed smoothing weight in (0, 1]; fitted when absent. */
  readonly alpha?: number;
}

export interface SimpleExponentialSmoothingParams {
  readonly alpha: number;
  readonly initialLevel: number;
  readonly finalLevel: number;
}

export function simpleExponentialSmoothingForecast(
  history: DemandHistory,
  options: SimpleExponentialSmoothingOptions,
): ForecastResult<SimpleExponentialSmoothingParams> {
  return fitSimpleExponentialSmoothing(prepareSeries(history, options.censored), options.horizon, options.alpha);
}

export function fitSimpleExponentialSmoothing(
  series: PreparedSeries,
  horizon: number,
  fixedAlpha?: number,
  recordErrors = true,
): ForecastResult<SimpleExponentialSmoothingParams> {
  assertHorizon(horizon);
  if (fixedAlpha !== undefined && !(fixedAlpha > 0 && fixedAlpha <= 1)) {
    throw new ForecastingError('FORECAST.INVALID_ALPHA', `alpha must be in (0, 1], got ${fixedAlpha}`);
  }
  const observedCount = countObserved(series);
  if (observedCount === 0) {
    return {
      method: 'simple-exponential-smoothing',
      pointForecast: flatForecast(horizon, 0),
      params: { alpha: fixedAlpha ?? 0, initialLevel: 0, finalLevel: 0 },
      inSampleErrors: errorBuffer(series.length, recordErrors) ?? NOT_RECORDED,
      fallback: { reason: 'no-observations', rule: 'zero' },
    };
  }
  const initialLevel = meanOfFirstObserved(series, SES_INITIAL_PERIODS);
  const alpha =
    fixedAlpha ??
    (observedCount < 3
      ? 0.5
      : gridThenGoldenMinimum((a) => smoothLevel(series, a, initialLevel, null), SMOOTHING_GRID, REFINE_ITERATIONS).argument);
  const errors = errorBuffer(series.length, recordErrors);
  const state = { level: initialLevel };
  smoothLevel(series, alpha, initialLevel, errors, state);
  return {
    method: 'simple-exponential-smoothing',
    pointForecast: flatForecast(horizon, state.level),
    params: { alpha, initialLevel, finalLevel: state.level },
    inSampleErrors: errors ?? NOT_RECORDED,
  };
}

/** Runs the recursion; returns the one-step sum of squared errors, optionally recording errors. */
export function smoothLevel(
  series: PreparedSeries,
  alpha: number,
  initialLevel: number,
  errors: Float64Array | null,
  finalState?: { level: number },
): number {
  const { values, censored, length } = series;
  let level = initialLevel;
  let sse = 0;
  for (let t = 0; t < length; t++) {
    const error = values[t] - level;
    if (censored !== null && censored[t] === 1) {
      if (error > 0) level += alpha * error;
      continue;
    }
    sse += error * error;
    if (errors !== null) errors[t] = error;
    level += alpha * error;
  }
  if (finalState !== undefined) finalState.level = level;
  return sse;
}
