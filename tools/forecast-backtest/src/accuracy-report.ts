/**
 * The accuracy report: loads each data set, keeps the series long enough to backtest, optionally
 * a seeded sample of them, backtests every method and the automatic choice, and summarises.
 */
import { performance } from 'node:perf_hooks';
import { type BacktestSummary, summarizeBacktest } from './backtest-summary';
import { backtestSeries, isEligible } from './backtest.runner';
import { DATASETS, type DatasetName } from './backtest-datasets';
import { seededSample } from './seeded-random';

export interface AccuracyReportOptions {
  readonly dataDir: string;
  readonly datasets: readonly DatasetName[];
  /** Series per data set; all eligible series when absent. */
  readonly sample?: number;
  readonly seed?: number;
}

export interface DatasetReport {
  readonly dataset: DatasetName;
  readonly description: string;
  readonly seriesLoaded: number;
  readonly seriesEligible: number;
  readonly holdout: number;
  readonly horizon: number;
  readonly summary: BacktestSummary;
  readonly seconds: number;
}

export const DEFAULT_SAMPLE_SEED = 7;

export async function runAccuracyReport(options: AccuracyReportOptions): Promise<DatasetReport[]> {
  const reports: DatasetReport[] = [];
  for (const name of options.datasets) {
    const dataset = DATASETS[name];
    const started = performance.now();
    const loaded = await dataset.load(options.dataDir);
    const eligible = loaded.filter((series) => isEligible(series, dataset.plan));
    const chosen = options.sample === undefined ? eligible : seededSample(eligible, options.sample, options.seed ?? DEFAULT_SAMPLE_SEED);
    const results = chosen.map((series) => backtestSeries(series, dataset.plan));
    reports.push({
      dataset: name,
      description: dataset.description,
      seriesLoaded: loaded.length,
      seriesEligible: eligible.length,
      holdout: dataset.plan.holdout,
      horizon: dataset.plan.horizon,
      summary: summarizeBacktest(results),
      seconds: (performance.now() - started) / 1000,
    });
  }
  return reports;
}
