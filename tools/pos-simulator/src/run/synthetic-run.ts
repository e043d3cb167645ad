// A synthetic run: stores and tills are registered with pos-ingestion, the ERP publishes the
// catalog and stocks every store, the tills post their past days when a history is asked for,
// then they sell at the configured rate, shaped by the simulated week, until the duration is over
// or the run is interrupted.
import type { SimulatorOptions } from '../config/simulator-options';
import { generateCatalog, toCatalogItem, toCatalogLocation, type CatalogPlan } from '../generation/catalog.generator';
import { demandMultiplier, simulatedMomentAt, type SimulatedMoment } from '../generation/demand-pattern';
import { catalogItemRecord, catalogLocationRecord, movementRecord, openingReceipt } from '../generation/erp-movements';
import { openingQuantityWithHistory, planHistoryBackfill, type HistoryBackfill } from '../generation/history-backfill';
import { MEAN_BASKET_LINES, PosTrafficGenerator, linesOf } from '../generation/pos-traffic.generator';
import { addCounts, emptyCounts } from '../io/pos-ingestion.client';
import { SeededRandom } from '../generation/seeded-random';
import { RunContext, pause, type Reporter } from './run-context';

const TICK_MS = 100;
/** Beyond this many requests waiting, pos-ingestion is not keeping up: stop adding more. */
const MAX_BACKLOG = 5_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/**
 * A past day sells what live traffic sells in this many seconds: a 21-day history at the default
 * rate is about three thousand transactions, posted in seconds, and the reorder point the
 * forecast derives from it (days of lead time times daily demand) is a few minutes of live
 * demand, so stock on hand crosses it soon after live traffic starts.
 */
const HISTORY_LIVE_SECONDS_PER_DAY = 20;
/** Transactions per history request: well inside the batch endpoint's limit and body size. */
const HISTORY_BATCH = 250;
/** Opening stock arrives at the start of the first history day, before its first sale (a day earlier would read as a day without demand). */
const OPENING_LEAD_MS = 0;

export async function runSynthetic(options: SimulatorOptions, runId: string, reporter: Reporter, signal: AbortSignal): Promise<void> {
  const random = new SeededRandom(options.seed);
  const plan = generateCatalog(
    { stores: options.stores, terminalsPerStore: options.terminals, skus: options.skus, linesPerSecond: options.rate, openingCoverSeconds: options.openingCover },
    random.fork('catalog'),
  );
  const costs = new Map(plan.items.map((item) => [item.sku, item.costCents]));
  const context = new RunContext(options, runId, reporter, (sku) => costs.get(sku));
  await context.start(signal);
  const history =
    options.historyDays > 0
      ? planHistoryBackfill(
          plan,
          { runId: `${runId}-h`, currency: 'EUR', returnRate: options.returnRate, voidRate: options.voidRate },
          { days: options.historyDays, transactionsPerDay: (options.rate * HISTORY_LIVE_SECONDS_PER_DAY) / MEAN_BASKET_LINES },
          new Date(),
          random.fork('history'),
        )
      : undefined;
  await registerTills(context, plan);
  await publishMasterDataAndOpeningStock(context, plan, runId, history);
  context.erp?.startPurchasing();
  if (history) await postHistory(context, history, signal);

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

async function publishMasterDataAndOpeningStock(context: RunContext, plan: CatalogPlan, runId: string, history: HistoryBackfill | undefined): Promise<void> {
  if (!context.erp) return;
  const now = new Date().toISOString();
  const firstDay = history?.days[0];
  // Stock that the history sells must have arrived before the history, or its days would start out of stock.
  const openedAt = firstDay ? new Date(firstDay.startsAt - OPENING_LEAD_MS).toISOString() : now;
  const topic = context.erp.topic;
  await context.erp.publish([
    ...plan.stores.map((store) => catalogLocationRecord(topic, toCatalogLocation(store, now))),
    ...plan.items.map((item) => catalogItemRecord(topic, toCatalogItem(item, now))),
  ]);
  await context.erp.publish(
    plan.stores.flatMap((store) =>
      plan.items.map((item) => {
        const quantity = history ? openingQuantityWithHistory(item, history.soldUnits.get(store.storeId)?.get(item.sku) ?? 0) : item.openingQuantity;
        return movementRecord(topic, openingReceipt(runId, store, item, openedAt, quantity));
      }),
    ),
  );
}

/**
 * Posts the history through the batch endpoint, as tills replaying what they sold offline would:
 * each till in event-time order, the tills in parallel. Live traffic starts only afterwards, so
 * every till's event times keep rising.
 */
async function postHistory(context: RunContext, history: HistoryBackfill, signal: AbortSignal): Promise<void> {
  const first = history.days[0]?.day;
  const last = history.days[history.days.length - 1]?.day;
  context.reporter.status(`history: ${history.transactions} transactions (${history.lines} lines) over ${history.days.length} days, ${first} to ${last}`);
  const startedAt = Date.now();
  const counts = emptyCounts();
  await Promise.all(
    history.tills.map(async ({ terminal, transactions }) => {
      const apiKey = await context.apiKeyFor(terminal.storeId, terminal.terminalId, terminal.storeId);
      for (let start = 0; start < transactions.length && !signal.aborted; start += HISTORY_BATCH) {
        const batch = transactions.slice(start, start + HISTORY_BATCH);
        context.stats.sent += batch.length;
        context.stats.lines += batch.reduce((sum, transaction) => sum + linesOf(transaction), 0);
        const outcome = await context.client.postBatch(apiKey, batch);
        addCounts(context.stats, outcome);
        addCounts(counts, outcome);
      }
    }),
  );
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  context.reporter.status(
    `history posted in ${seconds}s: accepted ${counts.accepted} duplicate ${counts.duplicate} conflict ${counts.conflict} rejected ${counts.rejected} failed ${counts.failed}`,
  );
}

function formatHour(hour: number): string {
  const minutes = Math.floor(hour * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
