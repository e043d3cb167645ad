/**
 * Seasonal naive: each future period repeats the demand of the same weekday (same phase of the
 * season) in the most recent cycle. With fewer than one full season of history it falls back to
 * the naive forecast. A censored period is replaced by the nearest earlier uncensored value of the
 * same phase, so a stock-out last Tuesday does not make next Tuesday's forecast zero.
 */
import { type DemandHistory, NOT_RECORDED, type PreparedSeries, errorBuffer, prepareSeries } from '../series/demand-series';
import { type BaseForecastOptions, type ForecastResult, assertHorizon } from './forecast-method.types';
import { fitNaive } from './naive.method';

export const WEEKLY_SEASON = 7;

export interface SeasonalNaiveOptions extends BaseForecastOptions {
  /** Periods per season; 7 for a weekly pattern in daily data. */
  readonly seasonPeriod?: number;
}

export interface SeasonalNaiveParams {
  readonly seasonPeriod: number;
}

export function seasonalNaiveForecast(history: DemandHistory, options: SeasonalNaiveOptions): ForecastResult<SeasonalNaiveParams> {
  return fitSeasonalNaive(prepareSeries(history, options.censored), options.horizon, options.seasonPeriod ?? WEEKLY_SEASON);
}

export function fitSeasonalNaive(
  series: PreparedSeries,
  horizon: number,
  seasonPeriod: number,
  recordErrors = true,
): ForecastResult<SeasonalNaiveParams> {
  assertHorizon(horizon);
  const { values, censored, length } = series;
  if (length < seasonPeriod || seasonPeriod < 1) {
    const naive = fitNaive(series, horizon, recordErrors);
    return { ...naive, method: 'seasonal-naive', params: { seasonPeriod }, fallback: naive.fallback ?? { reason: 'history-too-short', rule: 'naive' } };
  }
  // Most recent uncensored value per phase, updated as we walk forward.
  const latestByPhase = new Float64Array(seasonPeriod).fill(Number.NaN);
  const errors = errorBuffer(length, recordErrors);
  for (let t = 0; t < length; t++) {
    const phase = t % seasonPeriod;
    if (censored !== null && censored[t] === 1) continue;
    const previous = latestByPhase[phase];
    if (errors !== null && previous === previous) errors[t] = values[t] - previous;
    latestByPhase[phase] = values[t];
  }
  // A phase never observed (every occurrence censored) borrows the mean of the observed phases.
  let observedSum = 0;
  let observedPhases = 0;
  for (let phase = 0; phase < seasonPeriod; phase++) {
    if (latestByPhase[phase] === latestByPhase[phase]) {
      observedSum += latestByPhase[phase];
      observedPhases++;
    }
  }
  if (observedPhases === 0) {
    const naive = fitNaive(series, horizon, recordErrors);
    return { ...naive, method: 'seasonal-naive', params: { seasonPeriod } };
  }
  const fill = observedSum / observedPhases;
  const forecast = new Float64Array(horizon);
  for (let k = 0; k < horizon; k++) {
    const value = latestByPhase[(length + k) % seasonPeriod];
    forecast[k] = value === value ? value : fill;
  }
  return { method: 'seasonal-naive', pointForecast: forecast, params: { seasonPeriod }, inSampleErrors: errors ?? NOT_RECORDED };
}
