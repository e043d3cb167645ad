/**
 * Prediction intervals per period from the quantiles of future demand. A level-l interval is the
 * central one, from the (1 - l) / 2 to the (1 + l) / 2 quantile, unless its lower bound is zero
 * demand: then the distribution holds at least (1 - l) / 2 of its mass at zero (or below, for a
 * spread floored at zero), no demand can fall under the bound, and the central interval would
 * cover l + (1 - l) / 2. Mostly-zero daily and monthly demand is in that case on most days. The
 * interval is then [0, u], u the quantile at the level that held l on past demand of its kind
 * (oneSidedUpperLevel): l itself unless the demand class and the error profile say otherwise.
 */
import type { DemandClass } from '../accuracy/demand-classification';
import type { ForecastResult } from '../methods/forecast-method.types';
import { type ForecastErrorProfile, MOSTLY_ZERO_DEMAND_SHARE } from './forecast-error-profile';
import { type QuantileOptions, forecastQuantiles } from './forecast-quantiles';

export interface PredictionInterval {
  /** Probability the interval is meant to hold the demand, in (0, 1). */
  readonly level: number;
  /** Per period ahead. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/**
 * Multipliers of the upper tail probability 1 - l of a one-sided interval, by demand class, where
 * the error profile saw demand on more than 1 - MOSTLY_ZERO_DEMAND_SHARE of its periods: the bound
 * is read at 1 - factor * (1 - l). A fixed table, learned once from the backtest's calibration
 * windows (the history before the weeks it scores), pooled over every series of every data set
 * in each cell, and alike at the 80 % and 95 % levels there (the figures are in
 * tools/forecast-backtest/README.md):
 * - erratic and lumpy demand (sizes vary, CV² at least 0.49): the profile's quantiles held less
 *   than their level. A few weeks' errors from eight origins show too few of the large orders
 *   such demand is made of, so their quantiles sit low.
 * - intermittent demand (sizes alike): they held more than their level. Whole units of a small
 *   demand make a bound hold more than its probability says: a bound of 1.4 holds every 1.
 * Smooth demand is seldom one-sided and keeps its level. Only which quantile bounds the interval
 * changes: the quantiles themselves (and their pinball loss) do not.
 */
export const ONE_SIDED_TAIL_FACTORS: Readonly<Partial<Record<DemandClass, number>>> = { erratic: 0.9, lumpy: 0.9, intermittent: 1.3 };

/**
 * The quantile level a one-sided interval [0, u] of level `level` reads u at. Corrected only with a
 * demand class and an error profile that is not mostly zero (there an interval holding zero holds
 * its level on the zero periods alone), and for levels from 0.5 on, near those it was learned at.
 */
export function oneSidedUpperLevel(level: number, demandClass: DemandClass | undefined, profile: ForecastErrorProfile | null): number {
  if (demandClass === undefined || profile === null || level < 0.5 || profile.zeroDemandShare >= MOSTLY_ZERO_DEMAND_SHARE) return level;
  return 1 - (ONE_SIDED_TAIL_FACTORS[demandClass] ?? 1) * (1 - level);
}

export function forecastIntervals(forecast: ForecastResult, levels: readonly number[], options: QuantileOptions = {}): PredictionInterval[] {
  // forecastQuantiles sets the profile aside when given a spread; so does the correction.
  const profile = options.errorStdDevPerPeriod === undefined ? (options.errorProfile ?? null) : null;
  const probabilities = levels.flatMap((level) => [(1 - level) / 2, oneSidedUpperLevel(level, options.demandClass, profile), (1 + level) / 2]);
  const quantiles = forecastQuantiles(forecast, probabilities, options).perPeriod;
  return levels.map((level, i) => {
    const [low, oneSided, high] = [quantiles[3 * i], quantiles[3 * i + 1], quantiles[3 * i + 2]];
    const upper = new Float64Array(low.length);
    for (let k = 0; k < low.length; k++) upper[k] = low[k] > 0 ? high[k] : oneSided[k];
    return { level, lower: Float64Array.from(low), upper };
  });
}
