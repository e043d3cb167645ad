// The results of one bench run: figures per scenario, the machine they were measured on, and the
// renderings (console table, markdown table, JSON) written under tmp/bench/.
import type { BenchOptions, ScenarioName } from '../options/bench-options';
import { median } from './stats';

export interface Figure {
  measure: string;
  value: number;
  unit: string;
  /** e.g. the spread of repeated runs, or what the figure is compared with. */
  note?: string;
}

export interface ScenarioResult {
  scenario: ScenarioName;
  status: 'measured' | 'skipped' | 'failed';
  reason?: string;
  figures: Figure[];
  /** Peak resident set (VmHWM) of each service child process, in MiB. */
  peakRssMiB: Record<string, number>;
}

export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  loadAverageBefore: number[];
  loadAverageAfter: number[];
  /** The server measured against, when it could be asked. */
  postgres?: PostgresFacts;
}

export interface PostgresFacts {
  /** server_version, e.g. "15.20 (Debian 15.20-0+deb12u1)". */
  version: string;
  /** By name, as SHOW gives them (with units). */
  settings: Record<string, string>;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: MachineFacts;
  options: BenchOptions;
  scenarios: ScenarioResult[];
}

/** One result from several runs of a scenario: each figure becomes the median, with the range noted. */
export function combineRepeats(runs: ScenarioResult[]): ScenarioResult {
  const measured = runs.filter((run) => run.status === 'measured');
  const [first] = measured;
  if (!first || measured.length === 1) return first ?? failedRuns(runs);
  const figures = first.figures.map((figure) => {
    const values = measured.map((run) => run.figures.find((other) => other.measure === figure.measure)?.value ?? Number.NaN).filter(Number.isFinite);
    const spread = `median of ${values.length} (${formatValue(Math.min(...values))} to ${formatValue(Math.max(...values))})`;
    return { ...figure, value: median(values), note: figure.note ? `${figure.note}; ${spread}` : spread };
  });
  const peakRssMiB: Record<string, number> = {};
  for (const run of measured) {
    for (const [service, mib] of Object.entries(run.peakRssMiB)) peakRssMiB[service] = Math.max(peakRssMiB[service] ?? 0, mib);
  }
  return { scenario: first.scenario, status: 'measured', figures, peakRssMiB };
}

function failedRuns(runs: ScenarioResult[]): ScenarioResult {
  const [first] = runs;
  if (!first) throw new Error('no runs to combine');
  return first;
}

interface TableRow {
  scenario: string;
  measure: string;
  value: string;
  unit: string;
  note: string;
}

function tableRows(report: BenchReport): TableRow[] {
  const rows: TableRow[] = [];
  for (const result of report.scenarios) {
    if (result.status !== 'measured') {
      rows.push({ scenario: result.scenario, measure: result.status, value: '', unit: '', note: result.reason ?? '' });
      continue;
    }
    for (const figure of result.figures) {
      rows.push({ scenario: result.scenario, measure: figure.measure, value: formatValue(figure.value), unit: figure.unit, note: figure.note ?? '' });
    }
    for (const [service, mib] of Object.entries(result.peakRssMiB)) {
      rows.push({ scenario: result.scenario, measure: `peak RSS ${service}`, value: formatValue(mib), unit: 'MiB', note: 'VmHWM' });
    }
  }
  return rows;
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function renderMarkdown(report: BenchReport): string {
  const { machine } = report;
  const lines = [
    `Measured ${report.startedAt} on ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
      `load average ${machine.loadAverageBefore.map((load) => load.toFixed(2)).join(' ')} before, ` +
      `${machine.loadAverageAfter.map((load) => load.toFixed(2)).join(' ')} after${report.options.quick ? ' (quick mode)' : ''}.`,
    ...(machine.postgres ? [postgresLine(machine.postgres)] : []),
    '',
    '| scenario | measure | value | unit | note |',
    '|---|---|---:|---|---|',
    ...tableRows(report).map((row) => `| ${row.scenario} | ${row.measure} | ${row.value} | ${row.unit} | ${row.note} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/** "PostgreSQL 15.20 (...): shared_buffers 128MB, ...", the settings in the order reported. */
export function postgresLine(postgres: PostgresFacts): string {
  const settings = Object.entries(postgres.settings).map(([name, value]) => `${name} ${value}`);
  return `PostgreSQL ${postgres.version}${settings.length > 0 ? `: ${settings.join(', ')}` : ''}.`;
}

export function renderConsoleTable(report: BenchReport): string {
  const rows = tableRows(report);
  const header: TableRow = { scenario: 'scenario', measure: 'measure', value: 'value', unit: 'unit', note: 'note' };
  const columns: Array<keyof TableRow> = ['scenario', 'measure', 'value', 'unit', 'note'];
  const widths = columns.map((column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row: TableRow) =>
    columns.map((column, index) => (column === 'value' ? row[column].padStart(widths[index] ?? 0) : row[column].padEnd(widths[index] ?? 0))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
