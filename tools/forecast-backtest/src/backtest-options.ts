/**
 * Command-line options of the backtest command. The data directory is `../shared/data` relative
 * to the repository root unless DATA_DIR or --data says otherwise; the repository root is found
 * from this file's location so that the command works from any working directory.
 */
import { isAbsolute, resolve } from 'node:path';
import { DATASET_NAMES, type DatasetName } from './backtest-datasets';

export const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..');
export const DEFAULT_DATA_DIR = resolve(REPOSITORY_ROOT, '..', 'shared', 'data');
export const DEFAULT_OUTPUT_DIR = resolve(REPOSITORY_ROOT, 'tmp', 'backtest');

export interface BacktestOptions {
  readonly dataDir: string;
  readonly outputDir: string;
  readonly datasets: readonly DatasetName[];
  readonly sample?: number;
  readonly seed?: number;
  readonly withR: boolean;
  /** R methods to run (default all the script knows); ets alone is the reference and the quickest. */
  readonly rMethods?: readonly string[];
  /** Directory keeping R's forecasts by task file, so that a rerun of the library does not refit R. */
  readonly rCache?: string;
  /** Backtest the history before the test windows instead (see accuracy-report). */
  readonly calibration: boolean;
}

export const USAGE =
  'usage: backtest [--data DIR] [--out DIR] [--datasets synthetic,online-retail-300,online-retail,carparts] [--sample N] [--seed N] [--with-r] [--calibration]\n' +
  `  --data      data directory (default: DATA_DIR, else ${DEFAULT_DATA_DIR})\n` +
  `  --out       where the JSON and markdown reports go (default ${DEFAULT_OUTPUT_DIR})\n` +
  '  --datasets  comma-separated subset of the data sets (default: all)\n' +
  '  --sample    backtest a seeded sample of N series per data set (default: all eligible series)\n' +
  '  --seed      seed of the sample (default 7)\n' +
  '  --with-r    also forecast with R\'s forecast package (ets, auto.arima, Croston, SBA) and print it beside\n' +
  '  --r-methods comma-separated subset of R\'s methods (ets,auto.arima,croston,sba)\n' +
  '  --r-cache   directory keeping R\'s forecasts per task file: the same series and protocol are not refitted\n' +
  '  --calibration  backtest the history before the test windows (each series cut short by its set\'s longest holdout),\n' +
  '              to choose settings without looking at the periods the report scores';

export function parseBacktestOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): BacktestOptions {
  const values = new Map<string, string>();
  let withR = false;
  let calibration = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--with-r') {
      withR = true;
      continue;
    }
    if (flag === '--calibration') {
      calibration = true;
      continue;
    }
    if (!['--data', '--out', '--datasets', '--sample', '--seed', '--r-methods', '--r-cache'].includes(flag)) {
      throw new Error(`BACKTEST.UNKNOWN_OPTION: ${flag}\n${USAGE}`);
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`BACKTEST.MISSING_VALUE: ${flag} needs a value\n${USAGE}`);
    values.set(flag, value);
    i++;
  }
  const path = (value: string): string => (isAbsolute(value) ? value : resolve(process.cwd(), value));
  const dataOption = values.get('--data') ?? env['DATA_DIR'];
  const datasets = (values.get('--datasets') ?? DATASET_NAMES.join(',')).split(',').map((name) => name.trim());
  for (const name of datasets) {
    if (!(DATASET_NAMES as readonly string[]).includes(name)) {
      throw new Error(`BACKTEST.UNKNOWN_DATASET: --datasets has "${name}"; known: ${DATASET_NAMES.join(', ')}`);
    }
  }
  return {
    dataDir: dataOption === undefined || dataOption === '' ? DEFAULT_DATA_DIR : path(dataOption),
    outputDir: values.has('--out') ? path(values.get('--out') as string) : DEFAULT_OUTPUT_DIR,
    datasets: datasets as DatasetName[],
    sample: positiveInteger('--sample', values.get('--sample')),
    seed: positiveInteger('--seed', values.get('--seed')),
    withR,
    rMethods: rMethodList(values.get('--r-methods')),
    rCache: values.has('--r-cache') ? path(values.get('--r-cache') as string) : undefined,
    calibration,
  };
}

export const R_METHODS: readonly string[] = ['ets', 'auto.arima', 'croston', 'sba'];

function rMethodList(text: string | undefined): readonly string[] | undefined {
  if (text === undefined) return undefined;
  const methods = text.split(',').map((name) => name.trim());
  for (const method of methods) {
    if (!R_METHODS.includes(method)) throw new Error(`BACKTEST.UNKNOWN_R_METHOD: --r-methods has "${method}"; known: ${R_METHODS.join(', ')}`);
  }
  return methods;
}

function positiveInteger(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`BACKTEST.INVALID_OPTION: ${flag} must be a positive integer, got "${text}"`);
  return value;
}
