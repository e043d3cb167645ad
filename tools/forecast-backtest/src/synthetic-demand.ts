/**
 * Synthetic daily demand for benchmarks and backtests: smooth series with a weekly pattern and
 * noise, intermittent series (a demand on a day with some probability, of a random size), and a
 * store-like mix of both with level shifts and stock-outs, where a stock-out day sells only part
 * of its demand and is flagged censored, as the forecasting service sees it.
 *
 * Because the data is simulated, each day's demand distribution is known exactly from the drawn
 * parameters (`dayDistribution` of a store item): the backtest scores it as an oracle, the least
 * error any forecast can expect on this data.
 */
import { type DemandDistribution, flooredUniform, mapDistribution, occasionally } from './demand-distribution';
import type { RandomSource } from './seeded-random';

interface SmoothWeeklyParameters {
  readonly kind: 'smooth';
  readonly level: number;
  /** Multiplier of each day of the week (day t has weekly[t % 7]). */
  readonly weekly: readonly number[];
}

interface IntermittentParameters {
  readonly kind: 'intermittent';
  /** Chance of a demand on a day. */
  readonly probability: number;
  /** A demand's size is 1 + floor(U * 2 * meanSize), U uniform on [0, 1). */
  readonly meanSize: number;
}

/** Multiplicative noise of smooth demand: uniform on [1 - NOISE / 2, 1 + NOISE / 2). */
const SMOOTH_NOISE = 0.5;

function smoothWeeklyParameters(random: RandomSource): SmoothWeeklyParameters {
  const level = 5 + 40 * random();
  const weekly = Array.from({ length: 7 }, () => 0.6 + 0.8 * random());
  return { kind: 'smooth', level, weekly };
}

function drawSmoothWeekly(parameters: SmoothWeeklyParameters, days: number, random: RandomSource): Float64Array {
  const values = new Float64Array(days);
  for (let t = 0; t < days; t++) {
    const noise = 1 + SMOOTH_NOISE * (random() - 0.5);
    values[t] = Math.max(0, Math.round(parameters.level * parameters.weekly[t % 7] * noise));
  }
  return values;
}

function intermittentParameters(random: RandomSource): IntermittentParameters {
  const probability = 0.05 + 0.35 * random();
  const meanSize = 1 + 8 * random();
  return { kind: 'intermittent', probability, meanSize };
}

function drawIntermittent(parameters: IntermittentParameters, days: number, random: RandomSource): Float64Array {
  const values = new Float64Array(days);
  for (let t = 0; t < days; t++) {
    if (random() < parameters.probability) values[t] = 1 + Math.floor(random() * 2 * parameters.meanSize);
  }
  return values;
}

export function smoothWeeklyDemand(days: number, random: RandomSource): Float64Array {
  return drawSmoothWeekly(smoothWeeklyParameters(random), days, random);
}

export function intermittentDemand(days: number, random: RandomSource): Float64Array {
  return drawIntermittent(intermittentParameters(random), days, random);
}

/** The distribution of one day's demand before any level shift. */
function unshiftedDistribution(parameters: SmoothWeeklyParameters | IntermittentParameters, day: number): DemandDistribution {
  if (parameters.kind === 'smooth') {
    // Math.round(v) is floor(v + 0.5), v uniform about the day's mean.
    const mean = parameters.level * parameters.weekly[day % 7];
    return flooredUniform(mean * (1 - SMOOTH_NOISE / 2) + 0.5, mean * (1 + SMOOTH_NOISE / 2) + 0.5);
  }
  const sizes = mapDistribution(flooredUniform(0, 2 * parameters.meanSize), (value) => value + 1);
  return occasionally(sizes, parameters.probability);
}

export interface CensoredDemand {
  /** What customers wanted, known here because it is simulated. */
  readonly demand: Float64Array;
  /** Recorded sales: equal to demand, except on stock-out days where only part of it sold. */
  readonly sales: Float64Array;
  /** 1 on stock-out days. */
  readonly stockOut: Uint8Array;
  /** The distribution day `day`'s demand was drawn from, from the item's own parameters. */
  dayDistribution(day: number): DemandDistribution;
}

/**
 * One store item: half smooth with a weekly pattern, half intermittent; one level shift of up to
 * ±40% at a random day; stock-out episodes of 1-5 days (about one every 40 days) selling 0-50% of
 * demand.
 */
export function storeItemDemand(days: number, random: RandomSource): CensoredDemand {
  const parameters = random() < 0.5 ? smoothWeeklyParameters(random) : intermittentParameters(random);
  const demand = parameters.kind === 'smooth' ? drawSmoothWeekly(parameters, days, random) : drawIntermittent(parameters, days, random);
  const shiftDay = Math.floor(random() * days);
  const shift = 0.6 + 0.8 * random();
  for (let t = shiftDay; t < days; t++) demand[t] = Math.round(demand[t] * shift);
  const stockOut = new Uint8Array(days);
  for (let t = 0; t < days; t++) {
    if (random() >= 1 / 40) continue;
    const episode = 1 + Math.floor(random() * 5);
    for (let d = t; d < Math.min(days, t + episode); d++) stockOut[d] = 1;
    t += episode;
  }
  const sales = Float64Array.from(demand, (value, t) => (stockOut[t] === 1 ? Math.floor(value * 0.5 * random()) : value));
  // Days differ only by weekday and by the side of the shift they fall on: 14 distributions at most.
  const known = new Map<number, DemandDistribution>();
  const dayDistribution = (day: number): DemandDistribution => {
    const key = (parameters.kind === 'smooth' ? day % 7 : 0) + (day >= shiftDay ? 7 : 0);
    let distribution = known.get(key);
    if (distribution === undefined) {
      const unshifted = unshiftedDistribution(parameters, day);
      distribution = day >= shiftDay ? mapDistribution(unshifted, (value) => Math.round(value * shift)) : unshifted;
      known.set(key, distribution);
    }
    return distribution;
  };
  return { demand, sales, stockOut, dayDistribution };
}
