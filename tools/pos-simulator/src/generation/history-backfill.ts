// Past trading for the stores, posted before live traffic starts: reorder-forecasting fits only on
// completed days, so a fresh demo without history has no demand to forecast and never suggests a
// reorder. The backfill covers whole UTC calendar days (the demand time zone reorder-forecasting
// buckets by unless configured otherwise) up to yesterday, shaped by the same hour and weekday
// pattern as live traffic and made of the same baskets. Pure: the caller passes the time and posts
// the result.
import type { PosTransactionV1 } from '@ledgerline/contracts';
import { roundUpToPack, type CatalogPlan, type SimulatedItem } from './catalog.generator';
import { demandMultiplier } from './demand-pattern';
import { PosTrafficGenerator, linesOf, type TerminalRef, type TrafficOptions } from './pos-traffic.generator';
import { SeededRandom } from './seeded-random';

export const MS_PER_DAY = 86_400_000;
/** Resolution of the demand curve within a day: fine enough that the lunch peak shows. */
const STEP_SECONDS = 300;

export interface HistoryDay {
  /** 'YYYY-MM-DD', UTC. */
  readonly day: string;
  /** Epoch ms of the day's UTC midnight. */
  readonly startsAt: number;
  /** 0 = Monday, as the demand pattern counts. */
  readonly weekday: number;
}

/** The `count` completed UTC days before `now`, oldest first; today is never included. */
export function historyDays(now: Date, count: number): HistoryDay[] {
  const todayStartsAt = Math.floor(now.getTime() / MS_PER_DAY) * MS_PER_DAY;
  return Array.from({ length: count }, (_, index) => {
    const startsAt = todayStartsAt - (count - index) * MS_PER_DAY;
    const date = new Date(startsAt);
    return { day: date.toISOString().slice(0, 10), startsAt, weekday: (date.getUTCDay() + 6) % 7 };
  });
}

/**
 * Event times of the transactions of the given days, ascending: `transactionsPerDay` on an average
 * day, more on busy weekdays and hours, fewer at night. The expected count of each step is carried
 * over as a fraction, so no demand is lost to rounding and quiet hours still see the odd customer.
 */
export function historyEventTimes(days: readonly HistoryDay[], transactionsPerDay: number, random: SeededRandom): number[] {
  const times: number[] = [];
  const perSecond = transactionsPerDay / 86_400;
  let carried = 0;
  for (const day of days) {
    for (let second = 0; second < 86_400; second += STEP_SECONDS) {
      // The middle of the step stands for the whole step.
      carried += perSecond * STEP_SECONDS * demandMultiplier({ weekday: day.weekday, hour: (second + STEP_SECONDS / 2) / 3600 });
      const count = Math.floor(carried);
      carried -= count;
      const offsets = Array.from({ length: count }, () => Math.floor(random.next() * STEP_SECONDS * 1000)).sort((a, b) => a - b);
      for (const offset of offsets) times.push(day.startsAt + second * 1000 + offset);
    }
  }
  return times;
}

export interface TillHistory {
  readonly terminal: TerminalRef;
  /** In event-time order, as the till would have sent them. */
  readonly transactions: readonly PosTransactionV1[];
}

export interface HistoryBackfill {
  readonly days: readonly HistoryDay[];
  readonly tills: readonly TillHistory[];
  readonly transactions: number;
  readonly lines: number;
  /** Units sold per store and SKU (returns and voids not netted): what opening stock must cover. */
  readonly soldUnits: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface HistoryOptions {
  readonly days: number;
  /** Transactions over all stores on an average day. */
  readonly transactionsPerDay: number;
}

/**
 * The stores' past: every transaction of the history days, grouped by till. Offline spells and
 * resends are live-traffic faults and stay out of the history; returns and voids stay in.
 */
export function planHistoryBackfill(
  plan: CatalogPlan,
  traffic: Omit<TrafficOptions, 'duplicateRate' | 'offlineRate' | 'offlineSeconds'>,
  options: HistoryOptions,
  now: Date,
  random: SeededRandom,
): HistoryBackfill {
  const days = historyDays(now, options.days);
  const times = historyEventTimes(days, options.transactionsPerDay, random.fork('times'));
  const generator = new PosTrafficGenerator(plan, { ...traffic, duplicateRate: 0, offlineRate: 0, offlineSeconds: { min: 0, max: 0 } }, random.fork('baskets'));
  const byTill = new Map<string, { terminal: TerminalRef; transactions: PosTransactionV1[] }>();
  const soldUnits = new Map<string, Map<string, number>>();
  let lines = 0;
  for (const time of times) {
    for (const submission of generator.next(new Date(time))) {
      if (submission.kind !== 'live') continue;
      const { terminal, transaction } = submission;
      const key = `${terminal.storeId}/${terminal.terminalId}`;
      const till = byTill.get(key) ?? { terminal, transactions: [] };
      till.transactions.push(transaction);
      byTill.set(key, till);
      lines += linesOf(transaction);
      if (transaction.type !== 'sale') continue;
      const store = soldUnits.get(transaction.storeId) ?? new Map<string, number>();
      for (const line of transaction.lines) store.set(line.sku, (store.get(line.sku) ?? 0) + line.quantity);
      soldUnits.set(transaction.storeId, store);
    }
  }
  return { days, tills: [...byTill.values()], transactions: times.length, lines, soldUnits };
}

/**
 * Units delivered to a store before its history starts: everything the history sells plus the
 * item's live opening cover, in whole packs, so the ledger never runs the history below zero (a
 * stock-out would censor those days) and live trading starts with only the live cover on hand.
 */
export function openingQuantityWithHistory(item: SimulatedItem, historySoldUnits: number): number {
  return roundUpToPack(historySoldUnits + item.openingQuantity, item.packSize);
}
