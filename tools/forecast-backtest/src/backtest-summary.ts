/**
 * Aggregates per-series backtest errors into the accuracy table: per method the mean over series
 * of MASE, RMSSE, scaled bias and scaled pinball loss, the coverage of the 80 % and 95 % intervals,
 * and the share of series where it beats the naive forecast. Beside them, two figures that say
 * what those means are made of: the median scaled bias (the mean is carried by the few series
 * whose demand jumped, scaled by a small naive error) and the least 80 % coverage that intervals
 * of whole units can reach on series whose periods are mostly without demand.
 */
import { AUTOMATIC_LABEL, isSingleMethodLabel, type SeriesBacktest } from './backtest.runner';

export const NAIVE_LABEL = 'naive';
export const SEASONAL_NAIVE_LABEL = 'seasonal-naive';

export interface MethodAccuracy {
  readonly label: string;
  readonly meanMase: number;
  readonly medianMase: number;
  readonly meanRmsse: number;
  /** Mean over series of (actual - forecast) / naive MAE: positive = under-forecast. */
  readonly meanScaledBias: number;
  /** Median over series of the same: the typical series, which a few surges cannot move. */
  readonly medianScaledBias: number;
  /** Share of series whose holdout MAE is strictly below the naive forecast's. */
  readonly shareBeatingNaive: number;
  /** Mean over series of the pinball loss at the 80 % and 95 % interval bounds / in-sample naive MAE. */
  readonly meanScaledPinball: number;
  /** Share of all scored periods inside the 80 % (95 %) interval. */
  readonly coverage80: number;
  readonly coverage95: number;
  /**
   * The least share of periods an 80 % interval of whole units can cover where it holds zero
   * demand: per series the larger of 80 % and its share of periods with no demand, pooled over
   * periods. On a series whose periods are 90 % zero, an interval holding zero covers at least
   * 90 % and one without zero at most 10 %: no interval covers it at 80 %.
   */
  readonly coverage80Floor: number;
  /** Share of periods inside the 80 % interval over the series with demand in at least 20 % of their periods. */
  readonly coverage80SeriesWithDemand: number;
  /**
   * Share of periods above the 90 % (97.5 %) quantile, nominally 10 % (2.5 %): the upper tail a
   * safety stock relies on, which coverage alone does not show.
   */
  readonly above80: number;
  readonly above95: number;
  /** Forecasts (series x origins) per second of one core, where timed. */
  readonly forecastsPerSecond: number;
}

export interface BacktestSummary {
  readonly seriesCount: number;
  readonly methods: readonly MethodAccuracy[];
  readonly automatic: MethodAccuracy;
  readonly naive: MethodAccuracy;
  /** Present when the plan scored the seasonal naive forecast. */
  readonly seasonalNaive?: MethodAccuracy;
  /** The fixed method with the lowest mean MASE, chosen after seeing the holdout. */
  readonly bestInHindsight: MethodAccuracy;
  /** Automatic mean MASE / best-in-hindsight mean MASE - 1. */
  readonly automaticGapToBest: number;
  /** The fixed method with the lowest mean RMSSE, chosen after seeing the holdout. */
  readonly bestInHindsightByRmsse: MethodAccuracy;
  /** Automatic mean RMSSE / best-in-hindsight mean RMSSE - 1. */
  readonly automaticRmsseGapToBest: number;
  /** Mean MASE of the automatic choice below that of the naive forecast. */
  readonly automaticBeatsNaive: boolean;
  readonly choiceCounts: Readonly<Record<string, number>>;
}

export function summarizeBacktest(results: readonly SeriesBacktest[]): BacktestSummary {
  const labels = results.length > 0 ? [...results[0].errors.keys()] : [];
  const methods = labels.map((label) => methodAccuracy(label, results));
  const automatic = methods.find((m) => m.label === AUTOMATIC_LABEL);
  const naive = methods.find((m) => m.label === NAIVE_LABEL);
  if (automatic === undefined || naive === undefined) {
    throw new Error('BACKTEST.MISSING_METHOD: the backtest must score both the naive method and the automatic choice');
  }
  const fixed = methods.filter((m) => isSingleMethodLabel(m.label));
  const bestInHindsight = fixed.reduce((best, m) => (m.meanMase < best.meanMase ? m : best));
  const bestInHindsightByRmsse = fixed.reduce((best, m) => (m.meanRmsse < best.meanRmsse ? m : best));
  const choiceCounts: Record<string, number> = {};
  for (const result of results) for (const [label, count] of result.choices) choiceCounts[label] = (choiceCounts[label] ?? 0) + count;
  return {
    seriesCount: results.length,
    methods,
    automatic,
    naive,
    seasonalNaive: methods.find((m) => m.label === SEASONAL_NAIVE_LABEL),
    bestInHindsight,
    automaticGapToBest: automatic.meanMase / bestInHindsight.meanMase - 1,
    bestInHindsightByRmsse,
    automaticRmsseGapToBest: automatic.meanRmsse / bestInHindsightByRmsse.meanRmsse - 1,
    automaticBeatsNaive: automatic.meanMase < naive.meanMase,
    choiceCounts,
  };
}

/** The interval level whose least attainable coverage the summary reports. */
const FLOOR_LEVEL = 0.8;

function median(values: readonly number[]): number {
  const count = values.length;
  const sorted = Float64Array.from(values).sort();
  return count === 0 ? Number.NaN : count % 2 === 1 ? sorted[(count - 1) / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
}

function methodAccuracy(label: string, results: readonly SeriesBacktest[]): MethodAccuracy {
  const mases: number[] = [];
  const biases: number[] = [];
  let rmsseSum = 0;
  let biasSum = 0;
  let beats = 0;
  let pinballSum = 0;
  let inside80 = 0;
  let inside95 = 0;
  let above80 = 0;
  let above95 = 0;
  let periods = 0;
  let floorPeriods = 0;
  let insideWithDemand = 0;
  let periodsWithDemand = 0;
  let seconds = 0;
  let forecasts = 0;
  for (const result of results) {
    const totals = result.errors.get(label);
    const naive = result.errors.get(NAIVE_LABEL);
    if (totals === undefined || naive === undefined || totals.periods === 0) continue;
    const mae = totals.absolute / totals.periods;
    mases.push(mae / result.scale.meanAbsolute);
    rmsseSum += Math.sqrt(totals.squared / totals.periods / result.scale.meanSquared);
    const scaledBias = totals.signed / totals.periods / result.scale.meanAbsolute;
    biasSum += scaledBias;
    biases.push(scaledBias);
    if (mae < naive.absolute / naive.periods) beats++;
    pinballSum += (totals.pinball ?? Number.NaN) / totals.periods / result.scale.meanAbsolute;
    inside80 += totals.inside80 ?? Number.NaN;
    inside95 += totals.inside95 ?? Number.NaN;
    above80 += totals.above80 ?? Number.NaN;
    above95 += totals.above95 ?? Number.NaN;
    periods += totals.periods;
    const zeroDemand = totals.zeroDemand ?? Number.NaN;
    floorPeriods += Math.max(FLOOR_LEVEL * totals.periods, zeroDemand);
    if (zeroDemand <= FLOOR_LEVEL * totals.periods) {
      insideWithDemand += totals.inside80 ?? Number.NaN;
      periodsWithDemand += totals.periods;
    }
    seconds += result.seconds.get(label) ?? Number.NaN;
    forecasts += result.origins;
  }
  const count = mases.length;
  return {
    label,
    meanMase: mases.reduce((a, b) => a + b, 0) / count,
    medianMase: median(mases),
    meanRmsse: rmsseSum / count,
    meanScaledBias: biasSum / count,
    medianScaledBias: median(biases),
    shareBeatingNaive: beats / count,
    meanScaledPinball: pinballSum / count,
    coverage80: inside80 / periods,
    coverage95: inside95 / periods,
    coverage80Floor: floorPeriods / periods,
    coverage80SeriesWithDemand: insideWithDemand / periodsWithDemand,
    above80: above80 / periods,
    above95: above95 / periods,
    forecastsPerSecond: forecasts / seconds,
  };
}
