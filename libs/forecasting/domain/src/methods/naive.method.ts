/**
 * Naive forecast: every future period repeats the last observed demand. It is the baseline every
 * other method must beat. Censored periods are skipped: the last uncensored value carries forward.
 */
import { type DemandHistory, NOT_RECORDED, type PreparedSeries, errorBuffer, lastObservedIndex, prepareSeries } from '../series/demand-series';
import { type BaseForecastOptions, type ForecastResult, assertHorizon, flatForecast } from './forecast-method.types';

export interface NaiveParams {
  readonly lastValue: number;
}

export function naiveForecast(history: DemandHistory, options: BaseForecastOptions): ForecastResult<NaiveParams> {
  return fitNaive(prepareSeries(history, options.censored), options.horizon);
}

export function fitNaive(series: PreparedSeries, horizon: number, recordErrors = true): ForecastResult<NaiveParams> {
  assertHorizon(horizon);
  const { values, censored, length } = series;
  const recorded = errorBuffer(length, recordErrors);
  const errors = recorded ?? NOT_RECORDED;
  let previous = Number.NaN;
  for (let t = 0; t < length; t++) {
    if (censored !== null && censored[t] === 1) continue;
    if (recorded !== null && previous === previous) recorded[t] = values[t] - previous;
    previous = values[t];
  }
  const last = lastObservedIndex(series);
  if (last < 0) {
    return {
      method: 'naive',
      pointForecast: flatForecast(horizon, 0),
      params: { lastValue: 0 },
      inSampleErrors: errors,
      fallback: { reason: 'no-observations', rule: 'zero' },
    };
  }
  return { method: 'naive', pointForecast: flatForecast(horizon, values[last]), params: { lastValue: values[last] }, inSampleErrors: errors };
}
