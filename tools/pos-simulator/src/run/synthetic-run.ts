// A synthetic run: stores and tills are registered with pos-ingestion, the ERP publishes the
// catalog and stocks every store, then the tills sell at the configured rate, shaped by the
// simulated week, until the duration is over or the run is interrupted.
import type { SimulatorOptions } from '../config/simulator-options';
import { generateCatalog, toCatalogItem, toCatalogLocation, type CatalogPlan } from '../generation/catalog.generator';
import { demandMultiplier, simulatedMomentAt, type SimulatedMoment } from '../generation/demand-pattern';
import { catalogItemRecord, catalogLocationRecord, movementRecord, openingReceipt } from '../generation/erp-movements';
import { PosTrafficGenerator } from '../generation/pos-traffic.generator';
import { SeededRandom } from '../generation/seeded-random';
import { RunContext, pause, type Reporter } from './run-context';

const TICK_MS = 100;
/** Beyond this many requests waiting, pos-ingestion is not keeping up: stop adding more. */
const MAX_BACKLOG = 5_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export async function runSynthetic(options: SimulatorOptions, runId: string, reporter: Reporter, signal: AbortSignal): Promise<void> {
  const random = new SeededRandom(options.seed);
  const plan = generateCatalog(
    { stores: options.stores, terminalsPerStore: options.terminals, skus: options.skus, linesPerSecond: options.rate, openingCoverSeconds: options.openingCover },
    random.fork('catalog'),
  );
  const costs = new Map(plan.items.map((item) => [item.sku, item.costCents]));
  const context = new RunContext(options, runId, reporter, (sku) => costs.get(sku));
  await context.start(signal);
  await registerTills(context, plan);
  await publishMasterDataAndOpeningStock(context, plan, runId);
  context.erp?.startPurchasing();

  const generator = new PosTrafficGenerator(
    plan,
    {
      runId,
      currency: 'EUR',
      returnRate: options.returnRate,
      voidRate: options.voidRate,
      duplicateRate: options.duplicateRate,
      offlineRate: options.offlineRate,
      offlineSeconds: { min: 15, max: 90 },
    },
    random.fork('traffic'),
  );
  const clock = { dayLengthSeconds: options.dayLength, start: { weekday: 0, hour: 8 } };
  let moment: SimulatedMoment = clock.start;
  context.startStatusLine(() => `sim ${WEEKDAYS[moment.weekday]} ${formatHour(moment.hour)} x${demandMultiplier(moment).toFixed(2)}`);

  const startedAt = Date.now();
  let last = startedAt;
  let budget = 0;
  while (!signal.aborted) {
    const now = Date.now();
    const elapsed = (now - startedAt) / 1000;
    if (options.duration > 0 && elapsed >= options.duration) break;
    moment = simulatedMomentAt(elapsed, clock);
    budget += options.rate * demandMultiplier(moment) * ((now - last) / 1000);
    last = now;
    if (context.queues.backlog > MAX_BACKLOG) budget = Math.min(budget, 0);
    while (budget > 0) {
      const linesBefore = generator.linesCreated;
      for (const submission of generator.next(new Date(now))) context.submit(submission);
      budget -= generator.linesCreated - linesBefore;
    }
    context.stats.offlineTerminals = generator.offlineTerminals();
    await pause(TICK_MS, signal);
  }
  for (const replay of generator.flushOffline()) context.submit(replay);
  await context.finish();
}

async function registerTills(context: RunContext, plan: CatalogPlan): Promise<void> {
  await Promise.all(plan.stores.flatMap((store) => store.terminalIds.map((terminalId) => context.apiKeyFor(store.storeId, terminalId, store.name))));
}

async function publishMasterDataAndOpeningStock(context: RunContext, plan: CatalogPlan, runId: string): Promise<void> {
  if (!context.erp) return;
  const now = new Date().toISOString();
  const topic = context.erp.topic;
  await context.erp.publish([
    ...plan.stores.map((store) => catalogLocationRecord(topic, toCatalogLocation(store, now))),
    ...plan.items.map((item) => catalogItemRecord(topic, toCatalogItem(item, now))),
  ]);
  await context.erp.publish(plan.stores.flatMap((store) => plan.items.map((item) => movementRecord(topic, openingReceipt(runId, store, item, now)))));
}

function formatHour(hour: number): string {
  const minutes = Math.floor(hour * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
