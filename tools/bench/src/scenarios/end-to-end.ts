// The whole path as a POS and an ERP see it: batches of sale tickets over HTTP to pos-ingestion,
// movements on Kafka, the ledger, stock-changed events read by an ERP-like consumer. At each fixed
// offered load (open loop: requests leave on schedule whatever the answers) and then at
// saturation (closed loop: each client sends again as soon as it is answered), it measures the
// lines accepted and seen per second and the latency from the HTTP answer to the line's
// stock-changed event.
import { TOPICS } from '@ledgerline/contracts';
import { ensureTopics, prefixedTopic } from '@ledgerline/messaging';
import { testDatabaseUrl } from '@ledgerline/testing';
import { withResources } from '../infra/bench-resources';
import { produceAll } from '../infra/bulk-producer';
import { ErpListener } from '../infra/erp-listener';
import { busyPercent, cpuSecondsOfProcessesNamed, sampleMachineCpu } from '../infra/machine-cpu';
import { LedgerProbe } from '../infra/ledger-probe';
import { PosClient } from '../infra/pos-client';
import type { ServiceProcess } from '../infra/service-process';
import { BENCH_ADMIN_API_KEY, startLedger, startPosIngestion } from '../infra/services';
import { StatementLog, formatStatements } from '../profile/statement-log';
import { StatementStats, statementStatsReport } from '../profile/statement-stats';
import { summariseLatencies } from '../report/stats';
import { openingReceipts } from '../workload/movement-workload';
import { PosTraffic, type PosRequest } from '../workload/pos-workload';
import { StockUniverse } from '../workload/stock-universe';
import type { Figure, ScenarioContext, ScenarioResult } from './scenario';

const MAX_STOCKED_KEYS = 20_000;
const MAX_IN_FLIGHT = 64;

interface LoadContext {
  traffic: PosTraffic;
  client: PosClient;
  listener: ErpListener;
  services: ServiceProcess[];
}

export async function measureEndToEnd(context: ScenarioContext): Promise<ScenarioResult> {
  const { options, progress, workspaceRoot } = context;
  return withResources('e2e', async (resources) => {
    const universe = new StockUniverse(options.skus, options.locations);
    const stockedKeys = Math.min(universe.keyCount, options.quick ? 2_500 : MAX_STOCKED_KEYS);
    const kafka = resources.kafka('e2e');
    const topic = (name: string) => prefixedTopic(resources.prefix, name);
    await ensureTopics(kafka, [
      { topic: topic(TOPICS.inventoryMovements.name), partitions: options.partitions },
      { topic: topic(TOPICS.stockChanged.name), partitions: options.partitions },
      { topic: topic(TOPICS.catalogItems.name), partitions: 3, compacted: true },
    ]);
    progress.step(`end to end: opening stock for ${stockedKeys.toLocaleString('en-US')} SKU/locations`);
    await produceAll(kafka, topic(TOPICS.catalogItems.name), universe.catalogRecords(new Date().toISOString()));
    await produceAll(kafka, topic(TOPICS.inventoryMovements.name), openingReceipts(universe, stockedKeys, resources.prefix));

    const database = await resources.database('e2e');
    // Both services' statements: they share the database, each in its own schema.
    const statementLog = options.postgresLog ? await StatementLog.enable(options.postgresLog, testDatabaseUrl(), database.name) : undefined;
    const statementStats = options.pgStatements ? await StatementStats.enable(database.url, database.name) : undefined;
    const services: ServiceProcess[] = [];
    const listener = new ErpListener(kafka, topic(TOPICS.stockChanged.name), `${resources.prefix}-erp`);
    try {
      const ledger = await startLedger(resources, database, options, workspaceRoot);
      services.push(ledger);
      await waitForOpeningStock(database.url, stockedKeys, ledger);
      let pos: ServiceProcess;
      try {
        pos = await startPosIngestion(resources, database, options, workspaceRoot);
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n').slice(0, 4).join(' | ') : String(error);
        return { scenario: 'end-to-end', status: 'skipped', reason: `pos-ingestion did not start: ${reason}`, figures: [], peakRssMiB: {} };
      }
      services.push(pos);
      const client = new PosClient(pos.url, BENCH_ADMIN_API_KEY);
      for (let location = 0; location < universe.locationCount; location++) await client.registerStore(universe.location(location));
      await listener.start();

      const load: LoadContext = {
        traffic: new PosTraffic(universe, stockedKeys, resources.prefix, options.transactionsPerRequest, options.linesPerTransaction),
        client,
        listener,
        services,
      };
      const figures: Figure[] = [];
      for (const linesPerSecond of options.endToEndLoads) {
        progress.step(`end to end: offering ${linesPerSecond.toLocaleString('en-US')} lines/s for ${options.endToEndSeconds} s`);
        figures.push(...(await runPhase(load, context, `${linesPerSecond.toLocaleString('en-US')} lines/s offered`, options.endToEndSeconds, openLoop(linesPerSecond))));
      }
      progress.step(`end to end: saturation with ${options.saturationClients} clients for ${options.saturationSeconds} s`);
      figures.push(...(await runPhase(load, context, 'saturation', options.saturationSeconds, closedLoop(options.saturationClients))));
      if (statementLog) progress.step(`end to end: statements by total time\n${formatStatements(await statementLog.summary(25))}`);
      if (statementStats !== undefined) progress.step(await statementStatsReport(statementStats, 'end to end'));

      const peakRssMiB: Record<string, number> = {};
      for (const service of services) peakRssMiB[service.name] = await service.peakRssMiB();
      return { scenario: 'end-to-end', status: 'measured', figures, peakRssMiB };
    } finally {
      await listener.stop().catch(() => undefined);
      for (const service of services.reverse()) await service.stop();
    }
  });
}

async function waitForOpeningStock(databaseUrl: string, stockedKeys: number, ledger: ServiceProcess): Promise<void> {
  const probe = await LedgerProbe.open(databaseUrl);
  try {
    const deadline = Date.now() + 120_000 + stockedKeys * 2;
    for (;;) {
      ledger.assertRunning();
      const state = await probe.progress(stockedKeys);
      if (state && state.applied >= stockedKeys && state.unpublished === 0) return;
      if (Date.now() > deadline) throw new Error(`the ledger did not apply the ${stockedKeys} opening receipts in time`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await probe.close();
  }
}

type Driver = (send: () => Promise<void>, until: number) => Promise<void>;

/** Requests leave on schedule for the offered rate, however long the answers take (bounded in flight). */
function openLoop(linesPerSecond: number): (linesPerRequest: number) => Driver {
  return (linesPerRequest) => async (send, until) => {
    const started = Date.now();
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    while (Date.now() < until) {
      const due = Math.floor((((Date.now() - started) / 1000) * linesPerSecond) / linesPerRequest);
      while (sent < due && inFlight.size < MAX_IN_FLIGHT) {
        sent++;
        const request = send().finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(inFlight);
  };
}

/** Each client sends its next request as soon as the previous one is answered. */
function closedLoop(clients: number): (linesPerRequest: number) => Driver {
  return () => async (send, until) => {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (Date.now() < until) await send();
      }),
    );
  };
}

async function runPhase(
  { traffic, client, listener, services }: LoadContext,
  { options, progress }: ScenarioContext,
  label: string,
  seconds: number,
  driver: (linesPerRequest: number) => Driver,
): Promise<Figure[]> {
  listener.takeLatencies();
  listener.takeStages();
  const seenAtStart = listener.seen;
  const cpuAtStart = await Promise.all(services.map((service) => service.cpuSeconds()));
  const postgresCpuAtStart = await cpuSecondsOfProcessesNamed('postgres');
  const machineAtStart = await sampleMachineCpu();
  // Starts each service's event-loop delay sampling afresh for this phase.
  await Promise.all(services.map((service) => service.eventLoopDelayMs()));
  let accepted = 0;
  let notAccepted = 0;
  const send = async () => {
    const request: PosRequest = traffic.nextRequest();
    const answer = await client.postBatch(request);
    const answeredAt = Date.now();
    for (const result of answer.results) {
      const movementIds = request.movementIds[result.index];
      if (result.status === 'accepted' && movementIds) {
        listener.accepted(movementIds, answeredAt);
        accepted += movementIds.length;
      } else {
        notAccepted++;
      }
    }
  };
  const started = Date.now();
  const until = started + seconds * 1000;
  const reporter = setInterval(() => {
    const elapsed = (Date.now() - started) / 1000;
    progress.update(`${label}: ${Math.round(accepted / elapsed).toLocaleString('en-US')} lines/s accepted, ${listener.outstanding.toLocaleString('en-US')} not yet seen by the ERP`);
  }, 500);
  try {
    await driver(options.linesPerTransaction * options.transactionsPerRequest)(send, until);
  } finally {
    clearInterval(reporter);
  }
  const loadSeconds = (Date.now() - started) / 1000;
  const machineDuringLoad = busyPercent(machineAtStart, await sampleMachineCpu());
  const seenDuringLoad = listener.seen - seenAtStart;
  const delayDuringLoad = await Promise.all(services.map((service) => service.eventLoopDelayMs()));
  const drainStarted = Date.now();
  while (listener.outstanding > 0) {
    for (const service of services) service.assertRunning();
    if (Date.now() - drainStarted > 120_000) throw new Error(`${listener.outstanding} accepted lines never reached stock-changed`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const drainSeconds = (Date.now() - drainStarted) / 1000;
  const cpuAtEnd = await Promise.all(services.map((service) => service.cpuSeconds()));
  const postgresCpu = (await cpuSecondsOfProcessesNamed('postgres')) - postgresCpuAtStart;
  if (notAccepted > 0) throw new Error(`${notAccepted} transactions were not accepted during ${label}`);
  const latency = summariseLatencies(listener.takeLatencies());
  const note = `${latency.count.toLocaleString('en-US')} lines`;
  const stages = listener.takeStages();
  return [
    { measure: `${label}: lines accepted`, value: accepted / loadSeconds, unit: 'lines/s', note: `HTTP, ${options.transactionsPerRequest} tickets x ${options.linesPerTransaction} lines per request` },
    { measure: `${label}: stock-changed seen`, value: seenDuringLoad / loadSeconds, unit: 'lines/s', note: 'during the load, by the ERP consumer' },
    { measure: `${label}: latency p50`, value: latency.p50, unit: 'ms', note: `HTTP answer -> stock-changed seen; ${note}` },
    { measure: `${label}: latency p95`, value: latency.p95, unit: 'ms' },
    { measure: `${label}: latency p99`, value: latency.p99, unit: 'ms' },
    { measure: `${label}: latency max`, value: latency.max, unit: 'ms' },
    stageFigure(`${label}: until applied p50`, stages.untilApplied, 'HTTP answer -> the ledger starts the transaction: the movements topic and the ledger consumer'),
    stageFigure(`${label}: until sent p50`, stages.untilSent, 'the transaction -> the relay sends stock-changed: commit, outbox and relay'),
    stageFigure(`${label}: until seen p50`, stages.untilSeen, 'sent -> the ERP consumer sees it: the broker and its fetch'),
    { measure: `${label}: backlog cleared after load`, value: drainSeconds, unit: 's', note: 'time for the last accepted line to reach the ERP' },
    ...services.map((service, index) => ({
      measure: `${label}: ${service.name} CPU per line`,
      value: (((cpuAtEnd[index] ?? Number.NaN) - (cpuAtStart[index] ?? Number.NaN)) * 1e6) / accepted,
      unit: 'µs',
      note: 'user + system time of its process over the load and the backlog after it',
    })),
    {
      measure: `${label}: PostgreSQL CPU per line`,
      value: (postgresCpu * 1e6) / accepted,
      unit: 'µs',
      note: 'user + system time of every postgres server process on this machine, same span',
    },
    { measure: `${label}: machine CPU busy`, value: machineDuringLoad, unit: '%', note: 'of all cores during the load (/proc/stat), whatever ran on them' },
    ...services.map((service, index) => ({
      measure: `${label}: ${service.name} event-loop delay p99`,
      value: delayDuringLoad[index]?.p99 ?? Number.NaN,
      unit: 'ms',
      note: `how late its event loop ran during the load (max ${formatMs(delayDuringLoad[index]?.max ?? Number.NaN)}): the wait each await can add`,
    })),
  ];
}

/**
 * A stage's median as the value, its p99 and max in the note (one row per stage keeps the table
 * short). The max of "until applied" is the longest any line waited on the movements topic: the
 * consumer lag in time.
 */
function stageFigure(measure: string, values: readonly number[], what: string): Figure {
  const summary = summariseLatencies(values);
  return { measure, value: summary.p50, unit: 'ms', note: `p99 ${formatMs(summary.p99)}, max ${formatMs(summary.max)}; ${what}` };
}

function formatMs(milliseconds: number): string {
  return Number.isFinite(milliseconds) ? `${Math.round(milliseconds).toLocaleString('en-US')} ms` : 'n/a';
}
