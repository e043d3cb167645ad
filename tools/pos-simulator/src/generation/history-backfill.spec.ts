import { posTransactionV1Schema, validateContract } from '@ledgerline/contracts';
import { generateCatalog } from './catalog.generator';
import { MS_PER_DAY, historyDays, historyEventTimes, openingQuantityWithHistory, planHistoryBackfill } from './history-backfill';
import { SeededRandom } from './seeded-random';

const plan = generateCatalog({ stores: 3, terminalsPerStore: 2, skus: 60, linesPerSecond: 20, openingCoverSeconds: 300 }, new SeededRandom(1));
const traffic = { runId: 'r1-h', currency: 'EUR', returnRate: 0.03, voidRate: 0.01 };
// A Wednesday afternoon, UTC.
const now = new Date('2026-03-04T15:30:00Z');

describe('historyDays', () => {
  it('lists the completed UTC days before now, oldest first, never today', () => {
    const days = historyDays(now, 3);
    expect(days.map((day) => day.day)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(days.map((day) => day.weekday)).toEqual([6, 0, 1]);
    expect(days[0]!.startsAt).toBe(Date.parse('2026-03-01T00:00:00Z'));
    expect(historyDays(now, 0)).toEqual([]);
  });
});

describe('historyEventTimes', () => {
  const days = historyDays(now, 21);
  const times = historyEventTimes(days, 140, new SeededRandom(3));

  it('stays within the history days, in ascending order', () => {
    expect(times[0]).toBeGreaterThanOrEqual(days[0]!.startsAt);
    expect(times[times.length - 1]).toBeLessThan(Date.parse('2026-03-04T00:00:00Z'));
    for (let index = 1; index < times.length; index++) expect(times[index]).toBeGreaterThanOrEqual(times[index - 1]!);
  });

  it('averages the asked volume per day, busier on Saturdays than Sundays and at lunch than at night', () => {
    expect(times.length / 21).toBeGreaterThan(130);
    expect(times.length / 21).toBeLessThan(150);
    const perWeekday = Array.from({ length: 7 }, () => 0);
    const perHour = Array.from({ length: 24 }, () => 0);
    for (const time of times) {
      perWeekday[(new Date(time).getUTCDay() + 6) % 7]! += 1;
      perHour[new Date(time).getUTCHours()]! += 1;
    }
    expect(perWeekday[5]).toBeGreaterThan(2 * perWeekday[6]!);
    expect(perHour[12]).toBeGreaterThan(10 * perHour[3]!);
  });

  it('is deterministic for a seed', () => {
    expect(historyEventTimes(days, 140, new SeededRandom(3))).toEqual(times);
  });
});

describe('planHistoryBackfill', () => {
  const history = planHistoryBackfill(plan, traffic, { days: 21, transactionsPerDay: 140 }, now, new SeededRandom(5));
  const all = history.tills.flatMap((till) => till.transactions);

  it('posts a few thousand valid transactions, each till in event-time order', () => {
    expect(history.transactions).toBe(all.length);
    expect(all.length).toBeGreaterThan(2500);
    expect(all.length).toBeLessThan(3500);
    expect(history.tills).toHaveLength(6);
    for (const till of history.tills) {
      const times = till.transactions.map((transaction) => Date.parse(transaction.occurredAt));
      for (let index = 1; index < times.length; index++) expect(times[index]).toBeGreaterThanOrEqual(times[index - 1]!);
      for (const transaction of till.transactions) {
        expect(transaction).toMatchObject({ storeId: till.terminal.storeId, terminalId: till.terminal.terminalId });
        expect(transaction.transactionId.startsWith('r1-h-')).toBe(true);
      }
    }
    for (const transaction of all) {
      const result = validateContract(posTransactionV1Schema, transaction);
      if (!result.ok) throw new Error(`${transaction.transactionId}: ${JSON.stringify(result.errors)}`);
    }
  });

  it('keeps every event time in the past days, and no transaction id twice', () => {
    const times = all.map((transaction) => Date.parse(transaction.occurredAt));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now.getTime() - 21 * MS_PER_DAY - MS_PER_DAY);
    expect(Math.max(...times)).toBeLessThan(Date.parse('2026-03-04T00:00:00Z'));
    expect(new Set(all.map((transaction) => transaction.transactionId)).size).toBe(all.length);
  });

  it('counts the units each store sold, per SKU, and voids only sales of the same till', () => {
    let sold = 0;
    for (const transaction of all) if (transaction.type === 'sale') for (const line of transaction.lines) sold += line.quantity;
    const counted = [...history.soldUnits.values()].flatMap((store) => [...store.values()]).reduce((sum, units) => sum + units, 0);
    expect(counted).toBe(sold);
    expect(all.some((transaction) => transaction.type === 'return')).toBe(true);
    expect(all.some((transaction) => transaction.type === 'void')).toBe(true);
  });

  it('stocks each store for its history plus the live opening cover, in whole packs', () => {
    const item = plan.items.find((candidate) => candidate.packSize > 1)!;
    const quantity = openingQuantityWithHistory(item, 37);
    expect(quantity % item.packSize).toBe(0);
    expect(quantity).toBeGreaterThanOrEqual(37 + item.openingQuantity);
    expect(quantity).toBeLessThan(37 + item.openingQuantity + item.packSize);
  });

  it('is deterministic for a seed', () => {
    const again = planHistoryBackfill(plan, traffic, { days: 21, transactionsPerDay: 140 }, now, new SeededRandom(5));
    expect(again.tills).toEqual(history.tills);
  });
});
