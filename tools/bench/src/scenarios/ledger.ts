// The ledger on its own: N movements (opening receipts, then sales, returns and replenishments
// over many SKU/locations) are preloaded on the movements topic of a fresh prefix, with the
// catalog of their SKUs; then the inventory-ledger starts on a fresh database and catches up.
// Measured: movements applied per second from the first applied batch to the last, the time
// from start to all applied, and how fast the outbox relay publishes the resulting events.
import { TOPICS } from '@ledgerline/contracts';
import { ensureTopics, prefixedTopic } from '@ledgerline/messaging';
import { testDatabaseUrl } from '@ledgerline/testing';
import { BackendCpuMeter } from '../infra/backend-cpu';
import { withResources } from '../infra/bench-resources';
import { produceAll } from '../infra/bulk-producer';
import { cpuSecondsOfProcessesNamed } from '../infra/machine-cpu';
import { LedgerProbe } from '../infra/ledger-probe';
import { startLedgers } from '../infra/services';
import { StatementLog, formatStatements } from '../profile/statement-log';
import { StatementStats, statementStatsReport } from '../profile/statement-stats';
import { ledgerWorkload } from '../workload/movement-workload';
import { StockUniverse } from '../workload/stock-universe';
import type { ScenarioContext, ScenarioResult } from './scenario';

export async function measureLedger({ options, progress, workspaceRoot }: ScenarioContext): Promise<ScenarioResult> {
  return withResources('ledger', async (resources) => {
    const count = options.ledgerMovements;
    const universe = new StockUniverse(options.skus, options.locations);
    const kafka = resources.kafka('preload');
    const topic = (name: string) => prefixedTopic(resources.prefix, name);
    await ensureTopics(kafka, [
      { topic: topic(TOPICS.inventoryMovements.name), partitions: options.partitions },
      { topic: topic(TOPICS.catalogItems.name), partitions: 3, compacted: true },
    ]);
    progress.step(`ledger: preloading ${count.toLocaleString('en-US')} movements over ${universe.keyCount.toLocaleString('en-US')} SKU/locations`);
    await produceAll(kafka, topic(TOPICS.catalogItems.name), universe.catalogRecords(new Date().toISOString()));
    const preload = await produceAll(kafka, topic(TOPICS.inventoryMovements.name), ledgerWorkload(universe, count, resources.prefix), {
      progress,
      label: 'preload',
    });

    const database = await resources.database('ledger');
    const statementLog = options.postgresLog ? await StatementLog.enable(options.postgresLog, testDatabaseUrl(), database.name) : undefined;
    const statementStats = options.pgStatements ? await StatementStats.enable(database.url, database.name) : undefined;
    const startedAt = Date.now();
    const ledgers = await startLedgers(resources, database, options, workspaceRoot);
    const cpuSeconds = async () => (await Promise.all(ledgers.map((ledger) => ledger.cpuSeconds()))).reduce((sum, seconds) => sum + seconds, 0);
    const gcSeconds = async () => (await Promise.all(ledgers.map((ledger) => ledger.gcSeconds()))).reduce((sum, seconds) => sum + seconds, 0);
    progress.step(`ledger: started (pid ${ledgers.map((ledger) => ledger.pid).join(', ')}, ${((Date.now() - startedAt) / 1000).toFixed(1)} s), consuming`);
    const probe = await LedgerProbe.open(database.url);
    const ledgerBackends = new BackendCpuMeter(() => probe.otherBackendPids());
    try {
      const deadline = Date.now() + 60_000 + count * 2;
      let appliedAt = 0;
      let drainedAt = 0;
      let cpuAtFirstApplied = Number.NaN;
      let gcAtFirstApplied = Number.NaN;
      let postgresAtFirstApplied = Number.NaN;
      for (;;) {
        for (const ledger of ledgers) ledger.assertRunning();
        if (Date.now() > deadline) {
          throw new Error(`ledger did not apply and publish ${count} movements in time; its last output:\n${ledgers.map((ledger) => ledger.recentOutput()).join('\n')}`);
        }
        const state = await probe.progress(count);
        const now = Date.now();
        if (state) {
          if (Number.isNaN(cpuAtFirstApplied) && state.applied > 0) {
            [cpuAtFirstApplied, gcAtFirstApplied, postgresAtFirstApplied] = await Promise.all([cpuSeconds(), gcSeconds(), cpuSecondsOfProcessesNamed('postgres'), ledgerBackends.start()]);
          } else await ledgerBackends.sample();
          if (appliedAt === 0 && state.applied >= count) appliedAt = now;
          if (appliedAt > 0 && state.unpublished === 0) {
            drainedAt = now;
            break;
          }
          progress.update(`ledger: ${state.applied.toLocaleString('en-US')} / ${count.toLocaleString('en-US')} applied, ${state.unpublished.toLocaleString('en-US')} outbox rows to publish`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const ledgerCpuSeconds = (await cpuSeconds()) - cpuAtFirstApplied;
      const ledgerGcSeconds = (await gcSeconds()) - gcAtFirstApplied;
      const postgresCpuSeconds = (await cpuSecondsOfProcessesNamed('postgres')) - postgresAtFirstApplied;
      await ledgerBackends.sample();
      const firstAppliedAt = await probe.firstAppliedAt();
      const outbox = await probe.outboxSpan(
        kafka,
        Object.fromEntries([TOPICS.stockChanged, TOPICS.stockLevels, TOPICS.alerts].map(({ name }) => [name, topic(name)])),
      );
      if (statementLog) {
        progress.step(`ledger: statements by total time\n${formatStatements(await statementLog.summary())}`);
      }
      if (statementStats !== undefined) progress.step(await statementStatsReport(statementStats, 'ledger'));
      return {
        scenario: 'ledger',
        status: 'measured',
        figures: [
          { measure: 'movements applied', value: count / ((appliedAt - firstAppliedAt) / 1000), unit: '/s', note: `${count.toLocaleString('en-US')} preloaded, first to last applied, ${options.ledgerInstances} ledger process${options.ledgerInstances === 1 ? '' : 'es'}` },
          { measure: 'start to all applied', value: (appliedAt - startedAt) / 1000, unit: 's', note: 'includes process start and migrations' },
          { measure: 'outbox events published', value: outbox.published / outbox.seconds, unit: '/s', note: Object.entries(outbox.byTopic).map(([name, events]) => `${events.toLocaleString('en-US')} ${name}`).join(', ') },
          { measure: 'outbox drained after last apply', value: (drainedAt - appliedAt) / 1000, unit: 's' },
          {
            measure: 'ledger CPU per movement',
            value: (ledgerCpuSeconds * 1e6) / count,
            unit: 'µs',
            note: "the processes' user + system time from the first poll that saw a movement applied until the outbox drained",
          },
          {
            measure: 'ledger GC per movement',
            value: (ledgerGcSeconds * 1e6) / count,
            unit: 'µs',
            note: 'time in garbage collection over the same span (nodejs_gc_duration_seconds), part of the CPU above',
          },
          {
            measure: 'PostgreSQL CPU per movement',
            value: (postgresCpuSeconds * 1e6) / count,
            unit: 'µs',
            note: 'user + system time of every postgres server process on this machine over the same span',
          },
          {
            measure: "PostgreSQL CPU per movement, the ledger's connections",
            value: (ledgerBackends.seconds() * 1e6) / count,
            unit: 'µs',
            note: "user + system time of the server processes of the ledger's own connections over the same span: without the server's shared processes, and without other work on a shared server",
          },
          { measure: 'preload produce', value: preload.records / preload.seconds, unit: 'msg/s' },
        ],
        peakRssMiB: Object.fromEntries(await Promise.all(ledgers.map(async (ledger) => [ledger.name, await ledger.peakRssMiB()]))),
      };
    } finally {
      await probe.close();
      await Promise.all(ledgers.map((ledger) => ledger.stop()));
    }
  });
}
