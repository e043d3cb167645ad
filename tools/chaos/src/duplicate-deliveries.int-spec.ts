// The same movement delivered one to five times, by three producers at once (a till retrying, an
// integration replaying its outbox, an operator re-running an import), while two ledger
// instances consume: every movement is applied exactly once and published once. Half the items
// are valued first in, first out, so their layers go through the same duplicates and the same two
// instances meeting on a key, and the history checker holds their layers to their balances. Each
// key's goods are received at several uneven costs (two opening receipts at one cost, a third at
// another, restocks among the sales), so which layer a sale takes, how much of it and which layers
// merged decide its value: every value booked on a FIFO key, and its layers, must equal the
// domain's fold of its movements in the order the ledger applied them.
import { TOPICS, createEnvelope } from '@ledgerline/contracts';
import { waitFor } from '@ledgerline/testing';
import { ChaosRun, LEDGER_SCHEMA } from './chaos-run';
import { InProcessLedger } from './in-process-ledger';
import { replayFifoKeys } from './fifo-replay';
import { chunks, layeredStoreTraffic, seededRandom, shuffled } from './movement-factory';

jest.setTimeout(120_000);

const SEED = 20_260_302;

describe('chaos: duplicate deliveries from concurrent producers', () => {
  let run: ChaosRun;
  const ledgers: InProcessLedger[] = [];

  beforeAll(async () => {
    run = await ChaosRun.open({ label: 'duplicates', partitions: 4 });
  });

  afterAll(async () => {
    await Promise.all(ledgers.map((ledger) => ledger.stop().catch(() => undefined)));
    await run?.close();
  });

  it('applies each movement once however many times and by whom it was delivered', async () => {
    const random = seededRandom(SEED);
    const keys = Array.from({ length: 8 }, (_, index) => `SKU-${index}@S${index % 2}`);
    const { opening, movements } = layeredStoreTraffic(run.prefix, keys, 30, random);
    // Each movement goes out 1-5 times, each copy through a producer picked at random.
    const producers = await Promise.all(['till', 'integration', 'operator'].map((name) => run.connectProducer(name)));
    const copies = movements.flatMap((movement) => Array.from({ length: 1 + Math.floor(random() * 5) }, () => ({ movement, producer: Math.floor(random() * producers.length) })));
    const streams = producers.map((_, index) => copies.filter((copy) => copy.producer === index).map((copy) => copy.movement));

    ledgers.push(await InProcessLedger.start('dup-a', run.ledgerEnvironment()));
    ledgers.push(await InProcessLedger.start('dup-b', run.ledgerEnvironment()));
    // SKU-0 to SKU-3 are FIFO items, known to the ledger before their first movement.
    const fifoSkus = keys.slice(0, 4).map((key) => key.split('@')[0]!);
    await producers[0]!.send(
      fifoSkus.map((sku) => {
        const item = { sku, description: `${sku} valued by layers`, unit: 'each', packSize: 1, lowStockThreshold: 0, active: true, updatedAt: '2026-03-01T00:00:00.000Z', valuationMethod: 'fifo' as const };
        return { topic: run.topic(TOPICS.catalogItems.name), key: sku, value: createEnvelope(TOPICS.catalogItems, item, { producer: 'erp', occurredAt: item.updatedAt }) };
      }),
    );
    await waitFor(async () => ((await run.scalar(`SELECT count(*) AS n FROM ${LEDGER_SCHEMA}.item_setting WHERE valuation_method = 'fifo'`)) === fifoSkus.length ? true : undefined), {
      timeoutMs: 60_000,
      description: 'the FIFO items in the ledger',
    });
    // The opening receipts go first, in order, the rest in a different order per producer, all producers at once.
    await run.publish(producers[0]!, opening);
    await Promise.all(
      streams.map(async (stream, index) => {
        for (const batch of chunks(shuffled(stream, seededRandom(SEED + index)), 25)) {
          expect(await run.publish(producers[index]!, batch)).toBe(true);
        }
      }),
    );

    await run.waitUntilSettled(60_000);
    const report = await run.check();
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, sent: movements.length, acknowledged: movements.length, applied: movements.length, lost: 0, doubled: 0 });
    expect(report.deliveries).toBeGreaterThanOrEqual(copies.length);
    expect(report.deliveries).toBeGreaterThan(2 * movements.length);
    const ledgerRows = await run.scalar(`SELECT count(*) AS n FROM ${LEDGER_SCHEMA}.movement`);
    expect(ledgerRows).toBe(movements.length);
    // Each recorded movement is named once by the applied-batch outbox records its events come from.
    const named = await run.scalar(
      `SELECT COALESCE(SUM((r.range->>1)::bigint - (r.range->>0)::bigint + 1), 0) AS n
         FROM ${LEDGER_SCHEMA}.outbox o CROSS JOIN LATERAL jsonb_array_elements(o.payload->'movementSeqRanges') AS r(range)
        WHERE o.topic = 'ledger.applied-batch'`,
    );
    expect(named).toBe(ledgerRows);
    expect(await run.scalar(`SELECT count(*) AS n FROM ${LEDGER_SCHEMA}.stock_balance WHERE valuation_method = 'fifo'`)).toBe(4);
    expect(await run.scalar(`SELECT count(DISTINCT sku) AS n FROM ${LEDGER_SCHEMA}.stock_layer`)).toBeGreaterThan(0);
    const replay = await replayFifoKeys(run.db, LEDGER_SCHEMA, keys.slice(0, 4), movements);
    console.log(`[fifo replay] ${replay.rows} movements and ${replay.layers} layers of the FIFO keys compared with the domain's fold in the ledger's order`);
    expect(replay.differences).toEqual([]);
    expect(replay.rows).toBe(movements.filter((movement) => fifoSkus.includes(movement.sku)).length);
  });
});
