/**
 * A small-sample run of the accuracy report on both real data sets: the automatic per-series
 * choice must beat the naive baseline overall (mean MASE) on each. Skipped, with a message, only
 * when the data directory is absent.
 */
import { existsSync } from 'node:fs';
import { runAccuracyReport } from './accuracy-report';
import { parseBacktestOptions } from './backtest-options';

const SAMPLE = 250;
const { dataDir } = parseBacktestOptions([], process.env);
const dataPresent = existsSync(dataDir);
if (!dataPresent) {
  console.warn(`forecast backtest skipped: data directory ${dataDir} does not exist (set DATA_DIR to point at it)`);
}

(dataPresent ? describe : describe.skip)(`accuracy report on a sample of ${SAMPLE} series per real data set`, () => {
  it('the automatic choice beats the naive baseline on online-retail and carparts', async () => {
    const reports = await runAccuracyReport({ dataDir, datasets: ['online-retail', 'carparts'], sample: SAMPLE });
    expect(reports.map((report) => report.dataset)).toEqual(['online-retail', 'carparts']);
    for (const report of reports) {
      const { summary } = report;
      expect(summary.seriesCount).toBe(SAMPLE);
      // Named per data set so that a failure says where the automatic choice lost.
      const verdict = {
        dataset: report.dataset,
        maseBelowNaive: summary.automatic.meanMase < summary.naive.meanMase,
        rmsseBelowNaive: summary.automatic.meanRmsse < summary.naive.meanRmsse,
      };
      expect(verdict).toEqual({ dataset: report.dataset, maseBelowNaive: true, rmsseBelowNaive: true });
      // Selection in foresight stays close to the best single method chosen in hindsight.
      expect(summary.automaticGapToBest).toBeLessThan(0.05);
    }
  }, 60_000);
});

// Needs no files, so the selection is held to the bar on every machine, data or not.
describe('accuracy report on simulated store demand', () => {
  it('the automatic choice beats the naive baseline and stays near the best single method', async () => {
    const [report] = await runAccuracyReport({ dataDir, datasets: ['synthetic'], sample: 200 });
    const summary = report!.summary;
    expect(summary.automatic.meanMase).toBeLessThan(summary.naive.meanMase);
    expect(summary.automatic.meanRmsse).toBeLessThan(summary.naive.meanRmsse);
    expect(summary.automaticGapToBest).toBeLessThan(0.05);
  }, 60_000);
});
