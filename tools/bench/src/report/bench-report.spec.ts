import { parseBenchOptions } from '../options/bench-options';
import { combineRepeats, postgresLine, renderConsoleTable, renderMarkdown, type BenchReport, type ScenarioResult } from './bench-report';

function ledgerRun(rate: number, rss: number): ScenarioResult {
  return { scenario: 'ledger', status: 'measured', figures: [{ measure: 'movements applied', value: rate, unit: '/s' }], peakRssMiB: { 'inventory-ledger': rss } };
}

describe('bench report', () => {
  it('combines repeated runs into medians, keeps the spread, and the highest peak RSS', () => {
    const combined = combineRepeats([ledgerRun(30_000, 200), ledgerRun(10_000, 250), ledgerRun(20_000, 220)]);
    expect(combined.figures[0]).toMatchObject({ value: 20_000, note: 'median of 3 (10,000 to 30,000)' });
    expect(combined.peakRssMiB['inventory-ledger']).toBe(250);
  });

  it('shows a skipped scenario with its reason in both tables', () => {
    const report: BenchReport = {
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:01:00.000Z',
      machine: { cpus: 2, cpuModel: 'test cpu', memoryGiB: 8, node: 'v20', loadAverageBefore: [1, 1, 1], loadAverageAfter: [2, 2, 2] },
      options: parseBenchOptions(['--quick'], {}),
      scenarios: [ledgerRun(12_345, 180), { scenario: 'end-to-end', status: 'skipped', reason: 'pos-ingestion did not start', figures: [], peakRssMiB: {} }],
    };
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| ledger | movements applied | 12,345 | /s |  |');
    expect(markdown).toContain('| end-to-end | skipped |  |  | pos-ingestion did not start |');
    expect(renderConsoleTable(report)).toMatch(/ledger\s+peak RSS inventory-ledger\s+180\s+MiB/);
  });

  it('names the PostgreSQL server and its settings under the machine line', () => {
    const postgres = { version: '15.20', settings: { shared_buffers: '128MB', max_wal_size: '1GB' } };
    expect(postgresLine(postgres)).toBe('PostgreSQL 15.20: shared_buffers 128MB, max_wal_size 1GB.');
    const report: BenchReport = {
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:01:00.000Z',
      machine: { cpus: 2, cpuModel: 'test cpu', memoryGiB: 8, node: 'v20', loadAverageBefore: [1, 1, 1], loadAverageAfter: [2, 2, 2], postgres },
      options: parseBenchOptions(['--quick'], {}),
      scenarios: [ledgerRun(12_345, 180)],
    };
    expect(renderMarkdown(report).split('\n')[1]).toBe('PostgreSQL 15.20: shared_buffers 128MB, max_wal_size 1GB.');
  });
});
