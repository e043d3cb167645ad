/**
 * Starting state shared by the intermittent-demand methods (Croston, SBA, TSB): the mean size of
 * the non-zero demands and the mean number of observed periods per demand. Averages over the fit
 * window are steadier than "first demand, first interval", which on sparse series would let one
 * early accident set the forecast for months.
 */
import type { PreparedSeries } from '../series/demand-series';

export interface IntermittentStart {
  readonly meanSize: number;
  readonly meanInterval: number;
  readonly demandProbability: number;
  readonly demandCount: number;
  /** True when some uncensored period had zero demand (the series is intermittent at all). */
  readonly hasZeroPeriods: boolean;
}

export function intermittentStart(series: PreparedSeries): IntermittentStart {
  const { values, censored, length } = series;
  let sizeSum = 0;
  let demandCount = 0;
  let observed = 0;
  let zeros = 0;
  for (let t = 0; t < length; t++) {
    if (censored !== null && censored[t] === 1) continue;
    observed++;
    if (values[t] > 0) {
      sizeSum += values[t];
      demandCount++;
    } else {
      zeros++;
    }
  }
  return {
    meanSize: demandCount > 0 ? sizeSum / demandCount : 0,
    meanInterval: demandCount > 0 ? observed / demandCount : Number.POSITIVE_INFINITY,
    demandProbability: observed > 0 ? demandCount / observed : 0,
    demandCount,
    hasZeroPeriods: zeros > 0,
  };
}
