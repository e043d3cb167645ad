// Ledgerline after a long history: the history (the online-retail year, generated movements, or
// each in turn) is published on the movements topic of a fresh prefix with its catalog, and the
// inventory-ledger catches up through its own write path; or, for generated movements at full
// size, the ledger's bulk-load command applies them with the same rules and batch writer before
// the ledger starts (their events withheld, so subscribers start from nothing). Then the other services a deployment
// runs start against it (pos-ingestion, reorder-forecasting catching up on the stock-changed
// events, the ops dashboard polling them all) and, once all have caught up, the scenario measures
// what idling costs, the latency of every read endpoint, a physical count at one store and a full
// pass of the ledger's drift audit.
import type { Kafka } from 'kafkajs';
import { TOPICS } from '@ledgerline/contracts';
import { ensureTopics, prefixedTopic } from '@ledgerline/messaging';
import { withResources, type BenchResources } from '../../infra/bench-resources';
import { produceAll } from '../../infra/bulk-producer';
import { consumerGroupLag } from '../../infra/consumer-group-lag';
import { LedgerProbe } from '../../infra/ledger-probe';
import { pidListeningOn } from '../../infra/listening-process';
import type { ServiceProcess } from '../../infra/service-process';
import { benchCredentialHeaders } from '../../infra/bench-credentials';
import { startLedger, startOpsDashboard, startPosIngestion, startReorderForecasting } from '../../infra/services';
import type { Figure, ScenarioContext, ScenarioResult } from '../scenario';
import { seededRandom } from '../../workload/seeded-random';
import { bulkLoad } from './bulk-load';
import { measureDriftAuditPass } from './drift-audit-pass';
import { waitForForecastFits } from './forecast-fits';
import { historyToLoad, type LoadedSource } from './history-sources';
import { ONLINE_RETAIL_CURRENCY } from '../../workload/online-retail-history';
import { measureIdleCpu } from './idle-cpu';
import { measurePhysicalCount } from './physical-count';
import { measureServiceQueries } from './query-latency';

export async function measureHistory(context: ScenarioContext): Promise<ScenarioResult> {
  const { historySource } = context.options;
  const sources: LoadedSource[] = historySource === 'both' ? ['online-retail', 'generated'] : [historySource];
  const figures: Figure[] = [];
  for (const source of sources) {
    context.progress.step(`history: ${source}`);
    const measured = await withResources('history', (resources) => measureHistoryOf(source, resources, context));
    figures.push(...measured.map((figure) => ({ ...figure, measure: `${source}: ${figure.measure}` })));
  }
  return { scenario: 'history', status: 'measured', figures, peakRssMiB: {} };
}

async function measureHistoryOf(source: LoadedSource, resources: BenchResources, { options, progress, workspaceRoot }: ScenarioContext): Promise<Figure[]> {
  const kafka = resources.kafka('history');
  const topic = (name: string) => prefixedTopic(resources.prefix, name);
  const movementsTopic = topic(TOPICS.inventoryMovements.name);
  await ensureTopics(kafka, [
    { topic: movementsTopic, partitions: options.partitions },
    { topic: topic(TOPICS.stockChanged.name), partitions: options.partitions },
    { topic: topic(TOPICS.catalogItems.name), partitions: 3, compacted: true },
    { topic: topic(TOPICS.catalogLocations.name), partitions: 3, compacted: true },
  ]);
  // Short, so that the ids built from it stay within the contracts' 64 characters.
  const runId = `h${Date.now().toString(36)}`;
  const history = await historyToLoad(source, options, workspaceRoot, runId);
  const database = await resources.database('history', { keep: options.keepDatabase });
  // The online-retail file is priced in pounds: its ledger values in pounds, as a shop replaying it would.
  const ledgerSettings: Record<string, string> = source === 'online-retail' ? { VALUATION_CURRENCY: ONLINE_RETAIL_CURRENCY } : {};
  const bulk = source === 'generated' && options.historyLoad === 'bulk';
  const figures: Figure[] = [];
  let loaded: number;
  // Bulk-loaded, the whole history is in the ledger before it starts: its first audit pass covers all of it.
  let bulkLoadedAt: number | undefined;
  if (bulk) {
    progress.step(`history: bulk-loading the ${source} movements with the ledger's bulk-load command`);
    const result = await bulkLoad(history.movementRecords(), { databaseEnv: { ...database.serviceEnv('inventory_ledger') }, checkout: options.ledgerCheckout ?? workspaceRoot, settings: ledgerSettings, progress });
    loaded = result.applied;
    bulkLoadedAt = Date.now();
    figures.push({
      measure: 'history bulk-loaded',
      value: result.seconds,
      unit: 's',
      note:
        `${result.applied.toLocaleString('en-US')} movements applied by inventory-ledger's bulk-load command (events withheld), ${Math.round(result.applied / result.seconds).toLocaleString('en-US')} movements/s, ` +
        `the generator in the same machine; ${history.describe()}${result.refused === 0 ? '' : `; ${result.refused.toLocaleString('en-US')} refused`}`,
    });
  } else {
    progress.step(`history: publishing the ${source} movements`);
    loaded = (await produceAll(kafka, movementsTopic, history.movementRecords(), { progress, label: 'history' })).records;
    figures.push({ measure: 'history published', value: loaded, unit: 'movements', note: history.describe() });
  }
  const catalog = history.catalogRecords();
  await produceAll(kafka, topic(TOPICS.catalogItems.name), catalog.items);
  await produceAll(kafka, topic(TOPICS.catalogLocations.name), catalog.locations);

  const services: ServiceProcess[] = [];
  try {
    const startedAt = Date.now();
    const ledger = await startLedger(resources, database, options, workspaceRoot, 'inventory-ledger', ledgerSettings);
    services.push(ledger);
    progress.step(bulk ? 'history: the ledger starting on the loaded history' : `history: the ledger catching up on ${loaded.toLocaleString('en-US')} movements`);
    const caughtUp = await waitForLedger(kafka, ledger, { databaseUrl: database.url, groupId: `${resources.prefix}-ledger`, topic: movementsTopic, published: loaded }, progress);
    const loadedAt = Date.now();
    const refused = loaded - caughtUp.applied;
    figures.push(
      bulk
        ? { measure: 'ledger ready', value: (loadedAt - startedAt) / 1000, unit: 's', note: 'from its start on the loaded history (migrations included) until it answered and had nothing to consume or publish' }
        : {
            measure: 'ledger caught up',
            value: (loadedAt - startedAt) / 1000,
            unit: 's',
            note:
              `from its start (migrations included) until every movement was consumed and its events published; ${Math.round(caughtUp.appliedPerSecond).toLocaleString('en-US')} movements/s ` +
              `from the first applied${refused === 0 ? '' : `; ${refused.toLocaleString('en-US')} not applied (dead-lettered)`}`,
          },
    );

    const pos = await startPosIngestion(resources, database, options, workspaceRoot);
    services.push(pos);
    const forecastingStartedAt = Date.now();
    const forecasting = await startReorderForecasting(resources, database, options, workspaceRoot);
    services.push(forecasting);
    progress.step('history: reorder-forecasting catching up on the stock-changed events');
    await waitForGroup(kafka, `${resources.prefix}-forecasting`, [topic(TOPICS.stockChanged.name), movementsTopic], forecasting, bulk ? 0 : loaded, progress);
    figures.push({ measure: 'reorder-forecasting caught up', value: (Date.now() - forecastingStartedAt) / 1000, unit: 's', note: 'from its start until its consumer group had no lag on stock-changed and the movements' });
    const dashboard = await startOpsDashboard(resources, { posIngestionUrl: pos.url, ledgerUrl: ledger.url, forecastingUrl: forecasting.url }, database, options, workspaceRoot);
    services.push(dashboard);
    progress.step('history: reorder-forecasting fitting the series with new demand');
    figures.push(await waitForForecastFits(database.url, forecasting, options.historyFitWaitSeconds, progress));

    // Before the idle window, so that the window finds the audit resting between passes, as it is
    // most of the time (DRIFT_AUDIT_PASS_PAUSE_MS); its pass is a figure of its own.
    const ledgerReader = await benchCredentialHeaders(ledger.url, ['stock:read', 'valuation:read']);
    progress.step('history: a full pass of the drift audit');
    figures.push(...(await measureDriftAuditPass(ledger.url, bulkLoadedAt ?? loadedAt, options.historyAuditWaitSeconds, ledgerReader)));

    if (options.historyIdleSettleSeconds > 0) {
      progress.step(`history: ${options.historyIdleSettleSeconds} s for the services to settle`);
      await new Promise((resolve) => setTimeout(resolve, options.historyIdleSettleSeconds * 1000));
    }
    progress.step(`history: ${options.historyIdleSeconds} s idle`);
    const brokerPid = await pidListeningOn(Number(resources.brokers[0]?.split(':').at(-1)));
    figures.push(...(await measureIdleCpu(services, brokerPid, database.url, options.historyIdleSeconds)));

    progress.step('history: query latency');
    const random = seededRandom(5);
    const budget = { requests: options.historyRequests, seconds: options.historyQuerySeconds };
    const forecastingReader = await benchCredentialHeaders(forecasting.url, ['forecast:read']);
    const dashboardViewer = await benchCredentialHeaders(dashboard.url, ['dashboard:view']);
    for (const [service, headers] of [[ledger, ledgerReader], [forecasting, forecastingReader], [dashboard, dashboardViewer]] as const) {
      figures.push(...(await measureServiceQueries(service, history.keys, random, budget, headers)));
    }

    progress.step(`history: a physical count of up to ${options.historyCountItems.toLocaleString('en-US')} items`);
    figures.push(...(await measurePhysicalCount(kafka, movementsTopic, ledger, database.url, history.keys, { items: options.historyCountItems, runId })));

    for (const service of services) figures.push({ measure: `peak RSS ${service.name}`, value: await service.peakRssMiB(), unit: 'MiB', note: 'VmHWM' });
    return figures;
  } finally {
    for (const service of services.reverse()) await service.stop();
  }
}

/**
 * Caught up: the ledger's group has consumed every movement and the outbox is drained. Movements
 * the ledger refused (dead-lettered) are then the difference between published and applied.
 */
async function waitForLedger(
  kafka: Kafka,
  ledger: ServiceProcess,
  { databaseUrl, groupId, topic, published }: { databaseUrl: string; groupId: string; topic: string; published: number },
  progress: ScenarioContext['progress'],
): Promise<{ applied: number; appliedPerSecond: number }> {
  const probe = await LedgerProbe.open(databaseUrl);
  try {
    const deadline = Date.now() + 120_000 + published * 2;
    for (;;) {
      ledger.assertRunning();
      const state = await probe.progress(published);
      if (state && state.unpublished === 0 && (await consumerGroupLag(kafka, groupId, [topic])) === 0) break;
      if (Date.now() > deadline) throw new Error(`the ledger did not apply and publish ${published} movements in time; its last output:\n${ledger.recentOutput()}`);
      if (state) progress.update(`history: ${state.applied.toLocaleString('en-US')} / ${published.toLocaleString('en-US')} applied, ${state.unpublished.toLocaleString('en-US')} outbox rows to publish`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const applied = await probe.appliedCount();
    return { applied, appliedPerSecond: applied / ((Date.now() - (await probe.firstAppliedAt())) / 1000) };
  } finally {
    await probe.close();
  }
}

async function waitForGroup(kafka: Kafka, groupId: string, topics: string[], service: ServiceProcess, count: number, progress: ScenarioContext['progress']): Promise<void> {
  const deadline = Date.now() + 120_000 + count * 5;
  for (;;) {
    service.assertRunning();
    const lag = await consumerGroupLag(kafka, groupId, topics);
    if (lag === 0) return;
    if (Date.now() > deadline) throw new Error(`${service.name} was still ${lag} records behind; its last output:\n${service.recentOutput()}`);
    progress.update(`history: ${service.name} ${lag.toLocaleString('en-US')} records behind`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
