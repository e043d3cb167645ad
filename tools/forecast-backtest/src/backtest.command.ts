/**
 * The accuracy report command: backtests every method and the automatic forecast on the synthetic
 * and real data sets, each under several protocols, prints one table per data set and protocol
 * and writes backtest-report.json and backtest-report.md to the output directory, with a simulation
 * of the reorder policy on the daily sets and, on the synthetic set, the censoring study. Exits non-zero
 * when the automatic forecast misses the bar (backtest-gate) on some data set and protocol.
 *
 *   npx nx run forecast-backtest:backtest [-- --sample 500 --datasets carparts]
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeHoldout, longestHoldout, runAccuracyReport } from './accuracy-report';
import { DAILY_PLANS, DATASETS, type DatasetName } from './backtest-datasets';
import { type CensoringStudyReport, censoringStudy, formatCensoringStudy } from './censoring-study';
import { type PolicySimulationReport, dailyDatasets, formatPolicySimulation, simulateDataset } from './policy-simulation-report';
import { formatBacktestTable, formatMarkdownReport, MEASURES_NOTE } from './backtest-report';
import { parseBacktestOptions } from './backtest-options';
import { gateFailures } from './backtest-gate';

async function main(): Promise<void> {
  const options = parseBacktestOptions(process.argv.slice(2), process.env);
  const needsData = options.datasets.some((name) => name !== 'synthetic');
  if (needsData && !existsSync(options.dataDir)) {
    throw new Error(`BACKTEST.NO_DATA: data directory ${options.dataDir} does not exist; pass --data DIR or set DATA_DIR`);
  }
  const reports = await runAccuracyReport(options);
  for (const report of reports) {
    console.log(`\n${formatBacktestTable(`${report.dataset}, ${report.protocol}`, report.summary)}\n(${report.seconds.toFixed(1)} s)`);
  }
  console.log(`\n${MEASURES_NOTE}`);
  const policySimulations: PolicySimulationReport[] = [];
  for (const name of dailyDatasets(options.datasets)) {
    policySimulations.push(simulateDataset(name, await loadSeries(name, options.dataDir, options.calibration), options));
  }
  const censoring: CensoringStudyReport[] = [];
  if (options.datasets.includes('synthetic')) {
    const synthetic = await loadSeries('synthetic', options.dataDir, options.calibration);
    for (const plan of DAILY_PLANS) censoring.push(censoringStudy(synthetic, plan));
  }
  const extraSections = [formatPolicySimulation(policySimulations), formatCensoringStudy(censoring)].filter((text) => text !== '');
  for (const text of extraSections) console.log(`\n${text}`);
  await mkdir(options.outputDir, { recursive: true });
  const jsonPath = join(options.outputDir, 'backtest-report.json');
  const markdownPath = join(options.outputDir, 'backtest-report.md');
  const report = { dataDir: options.dataDir, sample: options.sample ?? null, calibration: options.calibration, reports, policySimulations, censoring };
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdownPath, [formatMarkdownReport(reports), ...extraSections].join('\n'));
  console.log(`\nwrote ${jsonPath} and ${markdownPath}`);
  const failures = reports.flatMap(gateFailures);
  if (failures.length > 0) {
    console.error(`the automatic forecast misses the bar:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

/** A data set's series, cut short before the test windows in a calibration run. */
async function loadSeries(name: DatasetName, dataDir: string, calibration: boolean) {
  const dataset = DATASETS[name];
  const series = await dataset.load(dataDir);
  return calibration ? series.map((one) => beforeHoldout(one, longestHoldout(dataset.plans))) : series;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
