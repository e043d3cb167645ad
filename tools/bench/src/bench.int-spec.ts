// The quick harness end to end against the real broker and database: every scenario must produce
// figures. Speeds are not asserted (the machine is shared); `npm run bench` is for those.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { silentProgress } from './infra/progress';
import { parseBenchOptions } from './options/bench-options';
import { runBench } from './run-bench';

describe('npm run bench -- --quick', () => {
  it('measures every scenario and reports figures for each', async () => {
    // The online-retail file is found beside the repository unless BENCH_HISTORY_FILE names it; a
    // checkout without it (no ../shared/data) measures the history on generated movements instead.
    const workspaceRoot = path.resolve(__dirname, '../../..');
    const historyFile = process.env['BENCH_HISTORY_FILE'];
    const quick = parseBenchOptions(['--quick'], historyFile ? { BENCH_HISTORY_FILE: historyFile } : {});
    const source = existsSync(path.resolve(workspaceRoot, quick.historyFile)) ? 'online-retail' : 'generated';
    const options = source === 'online-retail' ? quick : parseBenchOptions(['--quick', '--history-source', 'generated'], {});
    const report = await runBench(options, silentProgress, workspaceRoot);

    expect(report.scenarios.map((scenario) => [scenario.scenario, scenario.status, scenario.reason])).toEqual(
      options.only.map((name) => [name, 'measured', undefined]),
    );
    for (const scenario of report.scenarios) {
      expect(scenario.figures.length).toBeGreaterThan(0);
      // A figure the system cannot give yet says so (the drift audit's pass, before the ledger has one).
      const given = scenario.figures.filter((figure) => !figure.note?.startsWith('not available'));
      for (const figure of given) expect({ [`${scenario.scenario}: ${figure.measure}`]: Number.isFinite(figure.value) }).toEqual({ [`${scenario.scenario}: ${figure.measure}`]: true });
    }
    // How far the run is from the targets: the raw floor, the ledger against the limits, the targets at the measured cost.
    const measures = (name: string) => report.scenarios.find((scenario) => scenario.scenario === name)?.figures.map((figure) => figure.measure) ?? [];
    expect(measures('limits')).toEqual(expect.arrayContaining(['postgres copy+upsert', 'raw work of 30,000 movements/s', 'raw work of 20,000 POS lines/s']));
    expect(measures('ledger')).toEqual(expect.arrayContaining(['share of the lowest raw limit', 'cores for 30,000 movements/s at this cost']));
    expect(measures('end-to-end')).toEqual(expect.arrayContaining([`cores for 20,000 lines/s at the cost of ${options.endToEndLoads.at(-1)?.toLocaleString('en-US')} offered`]));
    // Reservations at a rate on one key, many keys and across locations, then the totals checked.
    expect(measures('reservations')).toEqual(
      expect.arrayContaining(['one key: achieved', 'one key: latency p99', 'many keys: granted', 'across locations: latency max', 'units reserved at the end']),
    );
    // And each fixed rate, timed from the schedule, with what a decision cost the ledger and PostgreSQL.
    const lastManyKeysStep = `many keys at ${options.reservationManyKeysSteps.at(-1)?.toLocaleString('en-US')}/s`;
    expect(measures('reservations')).toEqual(
      expect.arrayContaining([`${lastManyKeysStep}: latency p99`, `${lastManyKeysStep}: ledger CPU per decision`, `${lastManyKeysStep}: PostgreSQL CPU per decision`]),
    );
    // After a history: what idling costs, every read endpoint, a count, the audit (or why not).
    const history = measures('history');
    expect(history).toEqual(
      expect.arrayContaining(
        [
          'ledger caught up',
          'reorder-forecasting caught up',
          'reorder-forecasting fits done',
          'idle: inventory-ledger CPU',
          'idle: PostgreSQL CPU',
          'idle: broker CPU',
          'idle: all together',
          'inventory-ledger: GET /v1/stock/{sku}/{locationId}?asOf p99',
          'inventory-ledger: GET /v1/valuation?locationId p99',
          'reorder-forecasting: GET /v1/suggestions p99',
          'ops-dashboard: GET /api/snapshot p99',
          'physical count applied',
          'drift audit: full pass',
        ].map((measure) => `${source}: ${measure}`),
      ),
    );
    // The server measured against, named with the settings that move the figures.
    expect(report.machine.postgres?.version).toMatch(/^\d+/);
    expect(Object.keys(report.machine.postgres?.settings ?? {})).toEqual(expect.arrayContaining(['shared_buffers', 'max_wal_size', 'synchronous_commit']));
    const services = Object.assign({}, ...report.scenarios.map((scenario) => scenario.peakRssMiB)) as Record<string, number>;
    expect(Object.keys(services).sort()).toEqual(['forecast-bench', 'inventory-ledger', 'pos-ingestion']);
    expect(Object.values(services).every((mib) => mib > 0)).toBe(true);
  });
});
