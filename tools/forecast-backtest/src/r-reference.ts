/**
 * R's forecast package as a reference beside the library: the same series, origins and horizons
 * are written out as tasks, forecast by r/forecast-reference.R (ets, auto.arima, Croston, SBA)
 * and scored here exactly as the library's methods are. Needs Rscript and the forecast package
 * (Debian: r-base-core and r-cran-forecast); it runs only when asked, never in tests.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BacktestPlan, type BacktestSeries, type ErrorTotals, REFERENCE_PREFIX, type SeriesBacktest, accumulateForecast, planOrigins } from './backtest.runner';
import { CsvRecordParser } from './csv-record.parser';

export const R_SCRIPT = resolve(__dirname, '..', 'r', 'forecast-reference.R');

interface RForecast {
  readonly mean: number[];
  /** lo80, hi80, lo95, hi95 per period ahead; null when the method gives no intervals. */
  readonly bounds: number[][] | null;
}

export function rTasksCsv(series: readonly BacktestSeries[], plan: BacktestPlan, frequency: number): string {
  const lines = ['id,origin,horizon,frequency,history'];
  for (const s of series) {
    for (const origin of planOrigins(s.values.length, plan)) {
      const history = Array.from(s.values.subarray(0, origin), (value, t) => (s.censored !== null && s.censored[t] === 1 ? 'NA' : String(value)));
      const horizon = Math.min(plan.horizon, s.values.length - origin);
      lines.push(`"${s.id.replace(/"/g, '""')}",${origin},${horizon},${frequency},${history.join(' ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Forecasts keyed by `id|origin|method`, read from the script's output. */
export function parseRForecasts(csv: string): Map<string, RForecast> {
  const [header, ...records] = new CsvRecordParser().push(`${csv}\n`);
  if (header?.join(',') !== 'id,origin,method,ahead,mean,lo80,hi80,lo95,hi95') {
    throw new Error(`BACKTEST.R_OUTPUT: unexpected header ${header?.join(',')}`);
  }
  const forecasts = new Map<string, RForecast>();
  for (const record of records) {
    if (record.length < 9) continue;
    const [id, origin, method, , mean, ...bounds] = record;
    const key = `${id}|${origin}|${method}`;
    const numbers = bounds.map(Number);
    const forecast = forecasts.get(key) ?? { mean: [], bounds: bounds[0] === 'NA' ? null : [] };
    forecast.mean.push(Number(mean));
    forecast.bounds?.push(numbers);
    forecasts.set(key, forecast);
  }
  return forecasts;
}

export interface RReferenceOptions {
  /** R's methods to run; all the script knows when absent. */
  readonly methods?: readonly string[];
  /**
   * Keeps R's output under a name drawn from the tasks and methods: the same series and protocol
   * are read back instead of refitted, since R takes hours where the library takes seconds.
   */
  readonly cacheDir?: string;
}

/** Runs R on the series of one plan and adds its methods' errors, labelled "R <method>", to the results. */
export function scoreWithR(
  series: readonly BacktestSeries[],
  plan: BacktestPlan,
  frequency: number,
  results: readonly SeriesBacktest[],
  options: RReferenceOptions = {},
): SeriesBacktest[] {
  const dir = mkdtempSync(join(tmpdir(), 'forecast-reference-'));
  try {
    const [tasks, output, timings] = ['tasks.csv', 'forecasts.csv', 'timings.csv'].map((name) => join(dir, name));
    const taskText = rTasksCsv(series, plan, frequency);
    writeFileSync(tasks, taskText);
    const methods = (options.methods ?? []).join(',');
    const key = createHash('sha256').update(methods).update('\n').update(taskText).digest('hex').slice(0, 24);
    const cached = options.cacheDir === undefined ? null : [join(options.cacheDir, `${key}.forecasts.csv`), join(options.cacheDir, `${key}.timings.csv`)];
    if (cached !== null && existsSync(cached[0]) && existsSync(cached[1])) {
      copyFileSync(cached[0], output);
      copyFileSync(cached[1], timings);
    } else {
      const run = spawnSync('Rscript', [R_SCRIPT, tasks, output, timings, ...(methods === '' ? [] : [methods])], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (run.error !== undefined || run.status !== 0) {
        throw new Error(`BACKTEST.R_FAILED: Rscript ${run.error?.message ?? `exited ${run.status}`}\n${run.stderr ?? ''}`);
      }
      if (cached !== null && options.cacheDir !== undefined) {
        mkdirSync(options.cacheDir, { recursive: true });
        copyFileSync(output, cached[0]);
        copyFileSync(timings, cached[1]);
      }
    }
    const forecasts = parseRForecasts(readFileSync(output, 'utf8'));
    const seconds = new Map(
      new CsvRecordParser()
        .push(`${readFileSync(timings, 'utf8')}\n`)
        .slice(1)
        .filter((record) => record.length >= 2)
        .map(([method, total]) => [method, Number(total) / Math.max(1, series.length)] as const),
    );
    return series.map((s, i) => withReference(s, plan, results[i], forecasts, seconds));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function withReference(
  series: BacktestSeries,
  plan: BacktestPlan,
  result: SeriesBacktest,
  forecasts: ReadonlyMap<string, RForecast>,
  secondsPerSeries: ReadonlyMap<string, number>,
): SeriesBacktest {
  const errors = new Map(result.errors);
  const seconds = new Map(result.seconds);
  for (const [method, perSeries] of secondsPerSeries) {
    const label = `${REFERENCE_PREFIX}${method}`;
    const totals: ErrorTotals = { absolute: 0, squared: 0, signed: 0, periods: 0, pinball: 0, inside80: 0, inside95: 0, above80: 0, above95: 0, zeroDemand: 0 };
    for (const origin of planOrigins(series.values.length, plan)) {
      const forecast = forecasts.get(`${series.id}|${origin}|${method}`);
      // A fit R could not make counts as missing, not as a zero forecast.
      if (forecast === undefined) throw new Error(`BACKTEST.R_MISSING: no ${method} forecast for ${series.id} from ${origin}`);
      // R's columns are lo80, hi80, lo95, hi95; the runner's order is INTERVAL_PROBABILITIES'.
      const rows = forecast.bounds;
      const bounds = rows === null ? null : [2, 0, 1, 3].map((column) => rows.map((row) => row[column]));
      accumulateForecast(totals, series, origin, forecast.mean, bounds);
    }
    errors.set(label, totals);
    seconds.set(label, perSeries);
  }
  return { ...result, errors, seconds };
}
