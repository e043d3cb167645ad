/**
 * Starting level and seasonal indices for Holt-Winters from the first few full seasons: each
 * season is centred on its own mean, so a level shift between seasons does not leak into the
 * indices; censored periods are left out of every average.
 */
import type { PreparedSeries } from '../series/demand-series';

/** At most this many seasons are averaged; later history is for the recursion to learn from. */
const MAX_INITIAL_SEASONS = 4;

export interface SeasonalState {
  readonly level: number;
  readonly seasonal: Float64Array;
}

export function initialSeasonalState(series: PreparedSeries, seasonPeriod: number): SeasonalState {
  const { values, censored } = series;
  const seasons = Math.min(MAX_INITIAL_SEASONS, Math.floor(series.length / seasonPeriod));
  const deviationSum = new Float64Array(seasonPeriod);
  const deviationCount = new Float64Array(seasonPeriod);
  let levelSum = 0;
  let levelSeasons = 0;
  for (let season = 0; season < seasons; season++) {
    const offset = season * seasonPeriod;
    let sum = 0;
    let count = 0;
    for (let phase = 0; phase < seasonPeriod; phase++) {
      if (censored !== null && censored[offset + phase] === 1) continue;
      sum += values[offset + phase];
      count++;
    }
    if (count === 0) continue;
    const seasonMean = sum / count;
    levelSum += seasonMean;
    levelSeasons++;
    for (let phase = 0; phase < seasonPeriod; phase++) {
      if (censored !== null && censored[offset + phase] === 1) continue;
      deviationSum[phase] += values[offset + phase] - seasonMean;
      deviationCount[phase]++;
    }
  }
  const seasonal = new Float64Array(seasonPeriod);
  let indexSum = 0;
  for (let phase = 0; phase < seasonPeriod; phase++) {
    seasonal[phase] = deviationCount[phase] > 0 ? deviationSum[phase] / deviationCount[phase] : 0;
    indexSum += seasonal[phase];
  }
  // Indices sum to zero so that the level alone carries the mean.
  const correction = indexSum / seasonPeriod;
  for (let phase = 0; phase < seasonPeriod; phase++) seasonal[phase] -= correction;
  return { level: levelSeasons > 0 ? levelSum / levelSeasons : 0, seasonal };
}
