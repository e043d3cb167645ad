/**
 * The accuracy report: loads each data set, keeps the series long enough to backtest, optionally
 * a seeded sample of them, backtests every method and the automatic choice, and summarises.
 */
import { performance } from 'node:perf_hooks';
import { type BacktestSummary, summarizeBacktest } from './backtest-summary';
import { backtestSeries, isEligible } from './backtest.runner';
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
    const loaded = await dataset.load(options.dataDir);
    for (const plan of dataset.plans) {
      const started = performance.now();
      const eligible = loaded.filter((series) => isEligible(series, plan));
      const chosen = options.sample === undefined ? eligible : seededSample(eligible, options.sample, options.seed ?? DEFAULT_SAMPLE_SEED);
      const own = chosen.map((series) => backtestSeries(series, plan));
      const results = options.withR === true ? scoreWithR(chosen, plan, dataset.frequency, own) : own;
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
