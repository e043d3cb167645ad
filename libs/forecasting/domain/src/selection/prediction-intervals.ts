/**
 * Prediction intervals per period from the quantiles of future demand. A level-l interval is the
 * central one, from the (1 - l) / 2 to the (1 + l) / 2 quantile, unless its lower bound is zero
 * demand: then the distribution holds at least (1 - l) / 2 of its mass at zero (or below, for a
 * spread floored at zero), no demand can fall under the bound, and the central interval would
 * cover l + (1 - l) / 2. Mostly-zero daily and monthly demand is in that case on most days. The
 * interval is then [0, l quantile], which covers l.
 */
import type { ForecastResult } from '../methods/forecast-method.types';
import { type QuantileOptions, forecastQuantiles } from './forecast-quantiles';

export interface PredictionInterval {
  /** Probability the interval is meant to hold the demand, in (0, 1). */
  readonly level: number;
  /** Per period ahead. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

export function forecastIntervals(forecast: ForecastResult, levels: readonly number[], options: QuantileOptions = {}): PredictionInterval[] {
  const probabilities = levels.flatMap((level) => [(1 - level) / 2, level, (1 + level) / 2]);
  const quantiles = forecastQuantiles(forecast, probabilities, options).perPeriod;
  return levels.map((level, i) => {
    const [low, oneSided, high] = [quantiles[3 * i], quantiles[3 * i + 1], quantiles[3 * i + 2]];
    const upper = new Float64Array(low.length);
    for (let k = 0; k < low.length; k++) upper[k] = low[k] > 0 ? high[k] : oneSided[k];
    return { level, lower: Float64Array.from(low), upper };
  });
}
