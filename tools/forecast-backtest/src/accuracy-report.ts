/**
 * The accuracy report: loads each data set, keeps the series long enough to backtest, optionally
 * a seeded sample of them, backtests every method and the automatic choice, and summarises.
 */
import { performance } from 'node:perf_hooks';
import { type BacktestSummary, summarizeBacktest } from './backtest-summary';
import { type BacktestPlan, type BacktestSeries, backtestSeries, isEligible } from './backtest.runner';
import { DATASETS, type DatasetName } from './backtest-datasets';
import { seededSample } from './seeded-random';
import { scoreWithR } from './r-reference';

export interface AccuracyReportOptions {
  readonly dataDir: string;
  readonly datasets: readonly DatasetName[];
  /** Series per data set; all eligible series when absent. */
  readonly sample?: number;
  readonly seed?: number;
  /** Also forecast every series with R's forecast package (needs Rscript). */
  readonly withR?: boolean;
  readonly rMethods?: readonly string[];
  readonly rCache?: string;
  /**
   * Score the history before the test windows: every series loses the last periods of its set's
   * longest holdout, and the protocols run on what is left, with half the usual least training
   * history so that the short monthly series still qualify. Settings are chosen on this; the
   * report proper scores the periods it never saw.
   */
  readonly calibration?: boolean;
}

export interface DatasetReport {
  readonly dataset: DatasetName;
  /** The protocol, such as "h7 x8": horizon and number of origins. */
  readonly protocol: string;
  readonly description: string;
  readonly seriesLoaded: number;
  readonly seriesEligible: number;
  readonly holdout: number;
  readonly horizon: number;
  readonly origins: number;
  readonly summary: BacktestSummary;
  readonly seconds: number;
}

export const DEFAULT_SAMPLE_SEED = 7;

/** One report per data set and protocol, in the order asked. */
export async function runAccuracyReport(options: AccuracyReportOptions): Promise<DatasetReport[]> {
  const reports: DatasetReport[] = [];
  for (const name of options.datasets) {
    const dataset = DATASETS[name];
    const full = await dataset.load(options.dataDir);
    const loaded = options.calibration === true ? full.map((series) => beforeHoldout(series, longestHoldout(dataset.plans))) : full;
    for (const fullPlan of dataset.plans) {
      const plan = options.calibration === true ? { ...fullPlan, minTrainingPeriods: Math.ceil(fullPlan.minTrainingPeriods / 2) } : fullPlan;
      const started = performance.now();
      const eligible = loaded.filter((series) => isEligible(series, plan));
      if (eligible.length === 0) continue;
      const chosen = options.sample === undefined ? eligible : seededSample(eligible, options.sample, options.seed ?? DEFAULT_SAMPLE_SEED);
      const own = chosen.map((series) => backtestSeries(series, plan));
      const results = options.withR === true ? scoreWithR(chosen, plan, dataset.frequency, own, { methods: options.rMethods, cacheDir: options.rCache }) : own;
      reports.push({
        dataset: name,
        protocol: plan.name ?? `h${plan.horizon}`,
        description: dataset.description,
        seriesLoaded: loaded.length,
        seriesEligible: eligible.length,
        holdout: plan.holdout,
        horizon: plan.horizon,
        origins: Math.floor((plan.holdout - plan.horizon) / plan.step) + 1,
        summary: summarizeBacktest(results),
        seconds: (performance.now() - started) / 1000,
      });
    }
  }
  return reports;
}

export function longestHoldout(plans: readonly BacktestPlan[]): number {
  return Math.max(...plans.map((plan) => plan.holdout));
}

/** The series without its last `periods` periods. */
export function beforeHoldout(series: BacktestSeries, periods: number): BacktestSeries {
  const length = Math.max(0, series.values.length - periods);
  return { id: series.id, values: series.values.subarray(0, length), censored: series.censored?.subarray(0, length) ?? null, demand: series.demand?.subarray(0, length), truth: series.truth };
}
