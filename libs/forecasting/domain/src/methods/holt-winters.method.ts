/**
 * Additive Holt-Winters: level + seasonal indices (weekly by default), optionally a damped trend,
 * in error-correction form so that one recursion serves fitting and forecasting. Parameters are
 * fitted by coordinate search (grid, then golden-section) on one-step squared error. Needs two
 * full seasons of history; with less it falls back to simple exponential smoothing. Forecasts are
 * floored at zero: additive seasonal and trend terms can push an intermittent series below it.
 */
import { ForecastingError } from '../forecasting.error';
import { type DemandHistory, NOT_RECORDED, type PreparedSeries, countObserved, errorBuffer, prepareSeries } from '../series/demand-series';
import { type BaseForecastOptions, type ForecastResult, assertHorizon } from './forecast-method.types';
import { initialSeasonalState } from './holt-winters.initial-state';
import { type SmoothingWeights, fitSmoothingWeights, runHoltWinters } from './holt-winters.recursion';
import { WEEKLY_SEASON } from './seasonal-naive.method';
import { fitSimpleExponentialSmoothing } from './simple-exponential-smoothing.method';

export type TrendKind = 'none' | 'damped';

export interface HoltWintersOptions extends BaseForecastOptions {
  readonly seasonPeriod?: number;
  readonly trend?: TrendKind;
  /** Weights to hold fixed; the others are fitted. */
  readonly weights?: Partial<SmoothingWeights>;
}

export interface HoltWintersParams {
  readonly seasonPeriod: number;
  readonly trend: TrendKind;
  readonly alpha: number;
  readonly gamma: number;
  /** Trend smoothing (0 when trend is 'none'). */
  readonly beta: number;
  /** Trend damping per period (1 when trend is 'none'). */
  readonly phi: number;
  readonly finalLevel: number;
  readonly finalTrend: number;
  /** Seasonal index for each phase, phase 0 = the first period of the history. */
  readonly seasonal: readonly number[];
}

/** The range each weight a caller holds fixed must lie in, as shown in the error message. */
const WEIGHT_RANGES: readonly (readonly [keyof SmoothingWeights, string, (value: number) => boolean])[] = [
  ['alpha', '(0, 1]', (value) => value > 0 && value <= 1],
  ['gamma', '[0, 1]', (value) => value >= 0 && value <= 1],
  ['beta', '[0, 1]', (value) => value >= 0 && value <= 1],
  ['phi', '(0, 1]', (value) => value > 0 && value <= 1],
];

function assertWeights(weights: Partial<SmoothingWeights>): void {
  for (const [name, range, admissible] of WEIGHT_RANGES) {
    const value = weights[name];
    if (value !== undefined && !admissible(value)) {
      throw new ForecastingError(`FORECAST.INVALID_${name.toUpperCase()}`, `${name} must be in ${range}, got ${value}`);
    }
  }
}

export function holtWintersForecast(history: DemandHistory, options: HoltWintersOptions): ForecastResult<HoltWintersParams> {
  return fitHoltWinters(
    prepareSeries(history, options.censored),
    options.horizon,
    options.seasonPeriod ?? WEEKLY_SEASON,
    options.trend ?? 'none',
    options.weights,
  );
}

export function fitHoltWinters(
  series: PreparedSeries,
  horizon: number,
  seasonPeriod: number,
  trend: TrendKind,
  fixedWeights: Partial<SmoothingWeights> = {},
  recordErrors = true,
): ForecastResult<HoltWintersParams> {
  assertHorizon(horizon);
  assertWeights(fixedWeights);
  if (series.length < 2 * seasonPeriod || countObserved(series) < 2 * seasonPeriod) {
    const ses = fitSimpleExponentialSmoothing(series, horizon, fixedWeights.alpha, recordErrors);
    const level = ses.params.finalLevel;
    const params: HoltWintersParams = {
      seasonPeriod,
      trend,
      alpha: ses.params.alpha,
      gamma: 0,
      beta: 0,
      phi: 1,
      finalLevel: level,
      finalTrend: 0,
      seasonal: new Array<number>(seasonPeriod).fill(0),
    };
    return { ...ses, method: 'holt-winters', params, fallback: ses.fallback ?? { reason: 'history-too-short', rule: 'simple-exponential-smoothing' } };
  }
  const start = initialSeasonalState(series, seasonPeriod);
  const weights = fitSmoothingWeights(series, start, trend, fixedWeights);
  const errors = errorBuffer(series.length, recordErrors);
  const seasonal = new Float64Array(seasonPeriod);
  const final = { level: 0, trend: 0 };
  runHoltWinters(series, weights, start.level, start.seasonal, seasonal, errors, final);
  const forecast = new Float64Array(horizon);
  let dampedSum = 0;
  let phiPower = 1;
  for (let k = 0; k < horizon; k++) {
    phiPower *= weights.phi;
    dampedSum += phiPower;
    const value = final.level + dampedSum * final.trend + seasonal[(series.length + k) % seasonPeriod];
    forecast[k] = value > 0 ? value : 0;
  }
  return {
    method: 'holt-winters',
    pointForecast: forecast,
    params: { seasonPeriod, trend, alpha: weights.alpha, gamma: weights.gamma, beta: weights.beta, phi: weights.phi, finalLevel: final.level, finalTrend: final.trend, seasonal: Array.from(seasonal) },
    inSampleErrors: errors ?? NOT_RECORDED,
  };
}

