/**
 * A small-sample run of the accuracy report on the real data sets, every protocol: the automatic
 * forecast must clear the bar of backtest-gate on each. Skipped, with a message, only when the
 * data directory is absent.
 */
import { existsSync } from 'node:fs';
import { runAccuracyReport } from './accuracy-report';
import { parseBacktestOptions } from './backtest-options';
import { gateFailures } from './backtest-gate';

const SAMPLE = 250;
const { dataDir } = parseBacktestOptions([], process.env);
const dataPresent = existsSync(dataDir);
if (!dataPresent) {
  console.warn(`forecast backtest skipped: data directory ${dataDir} does not exist (set DATA_DIR to point at it)`);
}

(dataPresent ? describe : describe.skip)(`accuracy report on a sample of ${SAMPLE} series per real data set`, () => {
  it('the automatic forecast beats naive and stays within 1 % of the best single method, every set and protocol', async () => {
    const reports = await runAccuracyReport({ dataDir, datasets: ['online-retail-300', 'carparts'], sample: SAMPLE });
    expect(reports.map((report) => `${report.dataset} ${report.protocol}`)).toEqual([
      'online-retail-300 h7 x8',
      'online-retail-300 h14 x4',
      'online-retail-300 h28 x3',
      'carparts h3 x4',
      'carparts h6 x4',
      'carparts h12 x3',
    ]);
    for (const report of reports) expect(report.summary.seriesCount).toBe(SAMPLE);
    expect(reports.flatMap(gateFailures)).toEqual([]);
  }, 120_000);
});

// Needs no files, so the automatic forecast is held to the bar on every machine, data or not.
describe('accuracy report on simulated store demand', () => {
  it('the automatic forecast beats naive and stays near the best single method', async () => {
    const reports = await runAccuracyReport({ dataDir, datasets: ['synthetic'], sample: 150 });
    expect(reports).toHaveLength(3);
    expect(reports.flatMap(gateFailures)).toEqual([]);
  }, 120_000);
});
