/**
 * Accuracy measures that compare across items of very different volume: MASE and RMSSE divide
 * the forecast error by the in-sample error of the naive (or seasonal naive) forecast, so 1.0
 * means "as good as repeating the last value". Actual values that are NaN (censored or missing
 * periods) are left out of every measure.
 */
import { ForecastingError } from '../forecasting.error';
import { type CensoringMask, type DemandHistory, prepareSeries } from '../series/demand-series';

export interface ScaleOptions {
  /** Lag of the naive forecast that defines the scale: 1 (naive) or the season length. */
  readonly seasonPeriod?: number;
  readonly censored?: CensoringMask | null;
}

export interface NaiveErrorScale {
  /** Mean absolute in-sample error of the (seasonal) naive forecast; the MASE denominator. */
  readonly meanAbsolute: number;
  /** Mean squared in-sample error of the (seasonal) naive forecast; the RMSSE denominator. */
  readonly meanSquared: number;
  /**
   * How the scale was obtained. A constant history has a naive error of zero; the scale then
   * falls back to the history's mean absolute value ('level'), or to 1 for an all-zero history
   * ('unit': errors in units), so that the measure stays finite.
   */
  readonly basis: 'naive' | 'level' | 'unit';
}

export function naiveErrorScale(history: DemandHistory, options: ScaleOptions = {}): NaiveErrorScale {
  const series = prepareSeries(history, options.censored);
  const lag = options.seasonPeriod ?? 1;
  const { values, censored, length } = series;
  // Pairs each uncensored value with the latest uncensored value `lag` phases earlier.
  const latestByPhase = new Float64Array(lag).fill(Number.NaN);
  let absoluteSum = 0;
  let squaredSum = 0;
  let pairs = 0;
  let levelAbsolute = 0;
  let levelSquared = 0;
  let observed = 0;
  for (let t = 0; t < length; t++) {
    if (censored !== null && censored[t] === 1) continue;
    const value = values[t];
    observed++;
    levelAbsolute += Math.abs(value);
    levelSquared += value * value;
    const phase = lag === 1 ? 0 : t % lag;
    const previous = latestByPhase[phase];
    if (previous === previous) {
      const difference = value - previous;
      absoluteSum += Math.abs(difference);
      squaredSum += difference * difference;
      pairs++;
    }
    latestByPhase[phase] = value;
  }
  if (pairs > 0 && absoluteSum > 0) return { meanAbsolute: absoluteSum / pairs, meanSquared: squaredSum / pairs, basis: 'naive' };
  if (levelAbsolute > 0) return { meanAbsolute: levelAbsolute / observed, meanSquared: levelSquared / observed, basis: 'level' };
  return { meanAbsolute: 1, meanSquared: 1, basis: 'unit' };
}

export interface ErrorSummary {
  readonly count: number;
  readonly meanAbsolute: number;
  readonly meanSquared: number;
  /** Mean of actual - forecast: positive means demand was under-forecast. */
  readonly meanError: number;
}

export function summarizeErrors(actual: ArrayLike<number>, forecast: ArrayLike<number>): ErrorSummary {
  if (actual.length !== forecast.length) {
    throw new ForecastingError('FORECAST.LENGTH_MISMATCH', `actual has ${actual.length} periods, forecast ${forecast.length}`);
  }
  let count = 0;
  let absoluteSum = 0;
  let squaredSum = 0;
  let errorSum = 0;
  for (let i = 0; i < actual.length; i++) {
    const error = actual[i] - forecast[i];
    if (error !== error) continue;
    count++;
    absoluteSum += Math.abs(error);
    squaredSum += error * error;
    errorSum += error;
  }
  if (count === 0) return { count, meanAbsolute: Number.NaN, meanSquared: Number.NaN, meanError: Number.NaN };
  return { count, meanAbsolute: absoluteSum / count, meanSquared: squaredSum / count, meanError: errorSum / count };
}

/** Mean absolute scaled error of `forecast` against `actual`, scaled by the naive error on `history`. */
export function meanAbsoluteScaledError(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  history: DemandHistory,
  options: ScaleOptions = {},
): number {
  return summarizeErrors(actual, forecast).meanAbsolute / naiveErrorScale(history, options).meanAbsolute;
}

/** Root mean squared scaled error (the M5 competition's measure). */
export function rootMeanSquaredScaledError(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  history: DemandHistory,
  options: ScaleOptions = {},
): number {
  return Math.sqrt(summarizeErrors(actual, forecast).meanSquared / naiveErrorScale(history, options).meanSquared);
}

/** Bias as the mean error, actual - forecast, in demand units: positive = under-forecast. */
export function bias(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  return summarizeErrors(actual, forecast).meanError;
}
