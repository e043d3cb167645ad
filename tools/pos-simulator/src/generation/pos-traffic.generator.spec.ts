import { posTransactionV1Schema, validateContract, type PosTransactionV1 } from '@ledgerline/contracts';
import { generateCatalog } from './catalog.generator';
import { PosTrafficGenerator, linesOf, type PosSubmission, type TrafficOptions } from './pos-traffic.generator';
import { SeededRandom } from './seeded-random';

const plan = generateCatalog({ stores: 3, terminalsPerStore: 2, skus: 40, linesPerSecond: 10, openingCoverSeconds: 600 }, new SeededRandom(1));
const baseOptions: TrafficOptions = {
  runId: 'r1',
  currency: 'EUR',
  returnRate: 0.05,
  voidRate: 0.03,
  duplicateRate: 0.02,
  offlineRate: 0.002,
  offlineSeconds: { min: 20, max: 60 },
};

/** Runs the generator for `count` transactions, one every 250 ms of simulated time. */
function run(count: number, options: Partial<TrafficOptions> = {}, seed = 9): { submissions: PosSubmission[]; generator: PosTrafficGenerator; end: Date } {
  const generator = new PosTrafficGenerator(plan, { ...baseOptions, ...options }, new SeededRandom(seed));
  const start = Date.parse('2026-03-02T08:00:00Z');
  const submissions: PosSubmission[] = [];
  for (let i = 0; i < count; i++) submissions.push(...generator.next(new Date(start + i * 250)));
  return { submissions, generator, end: new Date(start + count * 250) };
}

const transactionsOf = (submissions: PosSubmission[]) =>
  submissions.flatMap((submission) => (submission.kind === 'live' ? [submission.transaction] : submission.transactions));

describe('PosTrafficGenerator', () => {
  const { submissions, generator } = run(4000);
  const everything = [...submissions, ...generator.flushOffline()];
  const firstSends = transactionsOf(everything.filter((submission) => submission.kind !== 'live' || !submission.resend));
  const all = firstSends;

  it('produces only transactions that pass the pos-transaction contract', () => {
    for (const transaction of all) {
      const result = validateContract(posTransactionV1Schema, transaction);
      if (!result.ok) throw new Error(`${transaction.transactionId}: ${JSON.stringify(result.errors)}`);
    }
  });

  it('gives every new transaction a unique id, and each terminal its own ids', () => {
    const ids = firstSends.map((transaction) => transaction.transactionId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const transaction of firstSends) expect(transaction.transactionId).toContain(`${transaction.storeId}-${transaction.terminalId}-`);
  });

  it('mixes mostly sales with some returns and voids, baskets of 1 to 8 distinct SKUs', () => {
    const byType = (type: PosTransactionV1['type']) => firstSends.filter((transaction) => transaction.type === type).length;
    expect(byType('sale') / firstSends.length).toBeGreaterThan(0.85);
    expect(byType('return')).toBeGreaterThan(50);
    expect(byType('void')).toBeGreaterThan(30);
    const sizes = firstSends.filter((transaction) => transaction.type === 'sale').map(linesOf);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBe(8);
    for (const transaction of firstSends) {
      if (transaction.type === 'sale') expect(new Set(transaction.lines.map((line) => line.sku)).size).toBe(transaction.lines.length);
    }
  });

  it('sells popular SKUs far more often than slow ones', () => {
    const units = new Map<string, number>();
    for (const transaction of firstSends) {
      if (transaction.type === 'sale') for (const line of transaction.lines) units.set(line.sku, (units.get(line.sku) ?? 0) + 1);
    }
    const mostPopular = [...plan.items].sort((a, b) => b.popularity - a.popularity);
    expect(units.get(mostPopular[0]!.sku) ?? 0).toBeGreaterThan(10 * (units.get(mostPopular[39]!.sku) ?? 0));
  });

  it('voids only sales of the same till and returns only sales of the same store that were delivered before, never returning more than sold', () => {
    const seen = new Map<string, PosTransactionV1>();
    const returnedUnits = new Map<string, number>();
    const voided = new Set<string>();
    for (const transaction of all) {
      if (transaction.type === 'void') {
        const target = seen.get(transaction.voidsTransactionId);
        expect(target?.type).toBe('sale');
        expect(target?.storeId).toBe(transaction.storeId);
        expect(target?.terminalId).toBe(transaction.terminalId);
        expect(voided.has(transaction.voidsTransactionId)).toBe(false);
        voided.add(transaction.voidsTransactionId);
      }
      if (transaction.type === 'return') {
        const key = `${transaction.storeId}:${transaction.lines[0]!.sku}`;
        returnedUnits.set(key, (returnedUnits.get(key) ?? 0) + transaction.lines[0]!.quantity);
      }
      seen.set(transaction.transactionId, transaction);
    }
    for (const [key, returned] of returnedUnits) {
      const [storeId, sku] = key.split(':');
      const sold = all
        .filter((transaction) => transaction.storeId === storeId && transaction.type === 'sale')
        .flatMap((transaction) => (transaction.type === 'sale' ? transaction.lines : []))
        .filter((line) => line.sku === sku)
        .reduce((sum, line) => sum + line.quantity, 0);
      expect(returned).toBeLessThanOrEqual(sold);
    }
  });

  it('resends some earlier transactions unchanged, as a retrying till would', () => {
    const resends = submissions.filter((submission) => submission.kind === 'live' && submission.resend);
    expect(resends.length).toBeGreaterThan(30);
    const originals = new Map(firstSends.map((transaction) => [transaction.transactionId, transaction]));
    for (const resend of resends) {
      if (resend.kind !== 'live') continue;
      expect(resend.transaction).toEqual(originals.get(resend.transaction.transactionId));
      expect(resend.terminal).toEqual({ storeId: resend.transaction.storeId, terminalId: resend.transaction.terminalId });
    }
  });

  it('holds the transactions of an offline terminal and replays them late, with their old event times', () => {
    const { submissions: offline } = run(600, { offlineRate: 0.05, offlineSeconds: { min: 10, max: 10 }, duplicateRate: 0 });
    const replays = offline.filter((submission) => submission.kind === 'offline-replay');
    expect(replays.length).toBeGreaterThan(0);
    for (const replay of replays) {
      if (replay.kind !== 'offline-replay') continue;
      for (const transaction of replay.transactions) expect(transaction.terminalId).toBe(replay.terminal.terminalId);
      const oldest = Math.min(...replay.transactions.map((transaction) => Date.parse(transaction.occurredAt)));
      const newest = Math.max(...replay.transactions.map((transaction) => Date.parse(transaction.occurredAt)));
      expect(newest - oldest).toBeLessThanOrEqual(10_000);
    }
    // A replay comes after live transactions that are newer than everything in it.
    const index = offline.findIndex((submission) => submission.kind === 'offline-replay');
    const replay = offline[index]!;
    const before = offline.slice(0, index).filter((submission) => submission.kind === 'live');
    if (replay.kind === 'offline-replay' && before.length > 0) {
      const lastLive = before[before.length - 1]!;
      if (lastLive.kind === 'live') expect(Date.parse(lastLive.transaction.occurredAt)).toBeGreaterThan(Date.parse(replay.transactions[0]!.occurredAt));
    }
  });

  it('counts the lines it created, for the rate budget', () => {
    const { submissions: counted, generator: counting } = run(200, { duplicateRate: 0, offlineRate: 0 });
    expect(counting.linesCreated).toBe(transactionsOf(counted).reduce((sum, transaction) => sum + linesOf(transaction), 0));
  });

  it('is deterministic for a seed', () => {
    expect(transactionsOf(run(300).submissions)).toEqual(transactionsOf(run(300).submissions));
    expect(transactionsOf(run(300, {}, 10).submissions)).not.toEqual(transactionsOf(run(300).submissions));
  });
});
