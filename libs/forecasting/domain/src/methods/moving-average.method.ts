/**
 * Moving average: the forecast for every future period is the mean of the last `window` observed
 * periods. The window is fitted (least one-step squared error over a short list) unless given.
 * Censored periods are left out of the window altogether.
 */
import { ForecastingError } from '../forecasting.error';
import { type DemandHistory, NOT_RECORDED, type PreparedSeries, errorBuffer, prepareSeries } from '../series/demand-series';
import { type BaseForecastOptions, type ForecastResult, assertHorizon, flatForecast } from './forecast-method.types';

export const MOVING_AVERAGE_WINDOWS: readonly number[] = [3, 7, 14, 28];

export interface MovingAverageOptions extends BaseForecastOptions {
  /** Fixed window; when absent the best of `MOVING_AVERAGE_WINDOWS` is chosen. */
  readonly window?: number;
}

export interface MovingAverageParams {
  readonly window: number;
}

export function movingAverageForecast(history: DemandHistory, options: MovingAverageOptions): ForecastResult<MovingAverageParams> {
  return fitMovingAverage(prepareSeries(history, options.censored), options.horizon, options.window);
}

export function fitMovingAverage(
  series: PreparedSeries,
  horizon: number,
  fixedWindow?: number,
  recordErrors = true,
): ForecastResult<MovingAverageParams> {
  assertHorizon(horizon);
  if (fixedWindow !== undefined && (!Number.isInteger(fixedWindow) || fixedWindow < 1)) {
    throw new ForecastingError('FORECAST.INVALID_WINDOW', `window must be a positive integer, got ${fixedWindow}`);
  }
  const { observed, positions } = compactObserved(series);
  const count = observed.length;
  if (count === 0) {
    return {
      method: 'moving-average',
      pointForecast: flatForecast(horizon, 0),
      params: { window: fixedWindow ?? 1 },
      inSampleErrors: errorBuffer(series.length, recordErrors) ?? NOT_RECORDED,
      fallback: { reason: 'no-observations', rule: 'zero' },
    };
  }
  let window = fixedWindow ?? 1;
  if (fixedWindow === undefined) {
    let bestSse = Number.POSITIVE_INFINITY;
    for (const candidate of MOVING_AVERAGE_WINDOWS) {
      // A window longer than the history is the running mean; the first such window covers it.
      if (candidate > count && candidate !== MOVING_AVERAGE_WINDOWS[0]) break;
      const sse = oneStepSquaredError(observed, candidate);
      if (sse < bestSse) {
        bestSse = sse;
        window = candidate;
      }
    }
  }
  const errors = errorBuffer(series.length, recordErrors);
  let windowSum = 0;
  for (let i = 0; i < count; i++) {
    const inWindow = Math.min(i, window);
    if (errors !== null && i > 0) errors[positions[i]] = observed[i] - windowSum / inWindow;
    windowSum += observed[i];
    if (i >= window) windowSum -= observed[i - window];
  }
  const used = Math.min(window, count);
  return { method: 'moving-average', pointForecast: flatForecast(horizon, windowSum / used), params: { window }, inSampleErrors: errors ?? NOT_RECORDED };
}

/** Sum of squared one-step errors; early periods use the shorter window available so far. */
function oneStepSquaredError(observed: Float64Array, window: number): number {
  let windowSum = observed.length > 0 ? observed[0] : 0;
  let sse = 0;
  const warmUp = Math.min(window, observed.length);
  for (let i = 1; i < warmUp; i++) {
    const error = observed[i] - windowSum / i;
    sse += error * error;
    windowSum += observed[i];
  }
  // Past the warm-up the divisor is constant: multiply by its reciprocal instead of dividing.
  const reciprocal = 1 / window;
  for (let i = warmUp; i < observed.length; i++) {
    const error = observed[i] - windowSum * reciprocal;
    sse += error * error;
    windowSum += observed[i] - observed[i - window];
  }
  return sse;
}

function compactObserved(series: PreparedSeries): { observed: Float64Array; positions: Int32Array } {
  const { values, censored, length } = series;
  if (censored === null) {
    const positions = new Int32Array(length);
    for (let t = 0; t < length; t++) positions[t] = t;
    return { observed: values.subarray(0, length), positions };
  }
  const observed = new Float64Array(length);
  const positions = new Int32Array(length);
  let count = 0;
  for (let t = 0; t < length; t++) {
    if (censored[t] === 1) continue;
    observed[count] = values[t];
    positions[count] = t;
    count++;
  }
  return { observed: observed.subarray(0, count), positions: positions.subarray(0, count) };
}
