/**
 * Synthetic daily demand for benchmarks and backtests: smooth series with a weekly pattern and
 * noise, intermittent series (a demand on a day with some probability, of a random size), and a
 * store-like mix of both with level shifts and stock-outs, where a stock-out day sells only part
 * of its demand and is flagged censored, as the forecasting service sees it.
 */
import type { RandomSource } from './seeded-random';

export function smoothWeeklyDemand(days: number, random: RandomSource): Float64Array {
  const level = 5 + 40 * random();
  const weekly = Array.from({ length: 7 }, () => 0.6 + 0.8 * random());
  const values = new Float64Array(days);
  for (let t = 0; t < days; t++) {
    const noise = 1 + 0.5 * (random() - 0.5);
    values[t] = Math.max(0, Math.round(level * weekly[t % 7] * noise));
  }
  return values;
}

export function intermittentDemand(days: number, random: RandomSource): Float64Array {
  const probability = 0.05 + 0.35 * random();
  const meanSize = 1 + 8 * random();
  const values = new Float64Array(days);
  for (let t = 0; t < days; t++) {
    if (random() < probability) values[t] = 1 + Math.floor(random() * 2 * meanSize);
  }
  return values;
}

export interface CensoredDemand {
  /** What customers wanted, known here because it is simulated. */
  readonly demand: Float64Array;
  /** Recorded sales: equal to demand, except on stock-out days where only part of it sold. */
  readonly sales: Float64Array;
  /** 1 on stock-out days. */
  readonly stockOut: Uint8Array;
}

/**
 * One store item: half smooth with a weekly pattern, half intermittent; one level shift of up to
 * ±40% at a random day; stock-out episodes of 1-5 days (about one every 40 days) selling 0-50% of
 * demand.
 */
export function storeItemDemand(days: number, random: RandomSource): CensoredDemand {
  const demand = random() < 0.5 ? smoothWeeklyDemand(days, random) : intermittentDemand(days, random);
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
  return { demand, sales, stockOut };
}
