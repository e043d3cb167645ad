// An offline till comes back days late and replays hundreds of sales and returns out of order,
// some twice, interleaved with two physical counts of the same SKU at the same store (the later
// count arriving first). The final balance must match a model written here from the count rule
// alone: the latest count sets on hand as of its time, and only movements dated after it change
// that figure, whenever they arrive (libs/inventory/domain/src/physical-count.ts).
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { ChaosRun, LEDGER_SCHEMA } from './chaos-run';
import { InProcessLedger } from './in-process-ledger';
import { businessTime, chunks, count, receipt, seededRandom, shuffled, tillLine } from './movement-factory';

jest.setTimeout(120_000);

const DAY = 24 * 60;
const KEY = 'COFFEE-1KG@S7';

describe('chaos: an offline till replayed days late around physical counts', () => {
  let run: ChaosRun;
  let ledger: InProcessLedger | undefined;

  beforeAll(async () => {
    run = await ChaosRun.open({ label: 'offline-till', partitions: 2 });
  });

  afterAll(async () => {
    await ledger?.stop().catch(() => undefined);
    await run?.close();
  });

  it('ends at the latest count plus whatever happened after it', async () => {
    const random = seededRandom(7_331);
    const id = (suffix: string) => `${run.prefix}:${suffix}`;
    const firstCount = count(id('count-day2'), KEY, 250, 2 * DAY + 18 * 60);
    const latestCount = count(id('count-day4'), KEY, 120, 4 * DAY + 20 * 60);
    const latestCountAt = Date.parse(latestCount.occurredAt);

    const onlineSales = Array.from({ length: 40 }, (_, index) => tillLine('sale', id(`online:${index}`), KEY, 1 + (index % 2), DAY + index * 100));
    const offlineLines = Array.from({ length: 320 }, (_, index) => {
      let minutes = DAY + random() * 4.9 * DAY;
      if (businessTime(minutes) === latestCount.occurredAt) minutes += 0.5;
      return tillLine(random() < 0.2 ? 'return' : 'sale', id(`till-09:${index}`), KEY, 1 + Math.floor(random() * 3), minutes);
    });
    const replay = shuffled(offlineLines, random);
    const replayedTwice = replay.filter((_, index) => index % 9 === 0);

    ledger = await InProcessLedger.start('offline-till', run.ledgerEnvironment());
    const producer = await run.connectProducer('store');
    await run.publish(producer, [receipt(id('rcpt'), KEY, 400, '6.2000', 0), ...onlineSales]);
    await run.publish(producer, [latestCount]);
    for (const batch of chunks(replay.slice(0, 160), 40)) await run.publish(producer, batch);
    await run.publish(producer, [firstCount]);
    for (const batch of chunks([...replay.slice(160), ...replayedTwice], 40)) await run.publish(producer, batch);
    await run.waitUntilSettled(60_000);

    // The model: on hand = latest count + effects of every movement dated after it.
    const effect = (movement: InventoryMovementV1) => (movement.kind === 'sale' ? -movement.quantity : movement.kind === 'return' ? movement.quantity : 0);
    const datedAfterCount = [...onlineSales, ...offlineLines].filter((movement) => Date.parse(movement.occurredAt) > latestCountAt);
    const expectedOnHand = latestCount.countedQuantity + datedAfterCount.reduce((sum, movement) => sum + effect(movement), 0);
    // What the ledger must derive: one correction per late line the latest count already saw,
    // and one variance unless the count agreed with the record when it arrived.
    const recordedAtCount = 400 + onlineSales.filter((sale) => Date.parse(sale.occurredAt) <= latestCountAt).reduce((sum, sale) => sum + effect(sale), 0);
    const lateAndCovered = offlineLines.filter((line) => Date.parse(line.occurredAt) <= latestCountAt).length;
    const expectedDerived = lateAndCovered + (recordedAtCount === latestCount.countedQuantity ? 0 : 1);

    const { rows } = await run.db.query<{ on_hand: string; last_count_at: Date }>(
      `SELECT on_hand::text, last_count_at FROM ${LEDGER_SCHEMA}.stock_balance WHERE sku = 'COFFEE-1KG' AND location_id = 'S7'`,
    );
    const report = await run.check();
    console.log(`[offline-till] model on hand ${expectedOnHand}, ledger ${rows[0]?.on_hand}; ${offlineLines.length} late lines (${lateAndCovered} already counted), ${datedAfterCount.length} movements after the latest count`);
    expect(Number(rows[0]?.on_hand)).toBe(expectedOnHand);
    expect(rows[0]?.last_count_at.toISOString()).toBe(latestCount.occurredAt);
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, lost: 0, doubled: 0, derived: expectedDerived, applied: 1 + onlineSales.length + offlineLines.length + 2 });
  });
});
