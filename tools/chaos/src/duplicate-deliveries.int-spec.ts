// The same movement delivered one to five times, by three producers at once (a till retrying, an
// integration replaying its outbox, an operator re-running an import), while two ledger
// instances consume: every movement is applied exactly once and published once.
import { ChaosRun, LEDGER_SCHEMA } from './chaos-run';
import { InProcessLedger } from './in-process-ledger';
import { chunks, seededRandom, shuffled, storeTraffic } from './movement-factory';

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
    const movements = storeTraffic(run.prefix, keys, 30);
    // Each movement goes out 1-5 times, each copy through a producer picked at random.
    const producers = await Promise.all(['till', 'integration', 'operator'].map((name) => run.connectProducer(name)));
    const copies = movements.flatMap((movement) => Array.from({ length: 1 + Math.floor(random() * 5) }, () => ({ movement, producer: Math.floor(random() * producers.length) })));
    const streams = producers.map((_, index) => copies.filter((copy) => copy.producer === index).map((copy) => copy.movement));

    ledgers.push(await InProcessLedger.start('dup-a', run.ledgerEnvironment()));
    ledgers.push(await InProcessLedger.start('dup-b', run.ledgerEnvironment()));
    // The receipts go first, the rest in a different order per producer, all producers at once.
    await run.publish(producers[0]!, movements.slice(0, keys.length));
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
  });
});
