// Costs of whole purchase orders delivered two to five times each, by three producers at once,
// while two ledger instances consume both the costs and the movements: each cost is recorded
// once, derives one landed cost per receipt of its order, and those are applied once at their
// keys, amid the stores' sales; the history checker finds every cost booked exactly.
import { TOPICS, createEnvelope, purchaseOrderCostKey, type PurchaseOrderCostV1 } from '@ledgerline/contracts';
import type { EventProducer } from '@ledgerline/messaging';
import { waitFor } from '@ledgerline/testing';
import { ChaosRun, LEDGER_SCHEMA } from './chaos-run';
import { InProcessLedger } from './in-process-ledger';
import { receipt, seededRandom, shuffled, tillLine } from './movement-factory';

jest.setTimeout(120_000);

const SEED = 20_261_207;

describe('chaos: purchase order costs delivered many times to two ledger instances', () => {
  let run: ChaosRun;
  const ledgers: InProcessLedger[] = [];

  beforeAll(async () => {
    run = await ChaosRun.open({ label: 'po-cost-duplicates', partitions: 4 });
  });

  afterAll(async () => {
    await Promise.all(ledgers.map((ledger) => ledger.stop().catch(() => undefined)));
    await run?.close();
  });

  it('records each cost once and applies each of its landed costs once', async () => {
    const random = seededRandom(SEED);
    const keys = Array.from({ length: 6 }, (_, index) => `SKU-${index}@S${index % 2}`);
    const orderOf = (index: number) => `${run.prefix}-PO${index % 2}`;
    const receipts = keys.map((key, index) => ({ ...receipt(`${run.prefix}:rcpt:${key}`, key, 40, `${2 + index}.5000`, 0), purchaseOrderId: orderOf(index) }));
    const sales = keys.flatMap((key) => Array.from({ length: 10 }, (_, line) => tillLine('sale', `${run.prefix}:pos:${key}:${line}`, key, 1 + (line % 3), 10 + line)));

    ledgers.push(await InProcessLedger.start('po-a', run.ledgerEnvironment()));
    ledgers.push(await InProcessLedger.start('po-b', run.ledgerEnvironment()));
    const producers = await Promise.all(['erp', 'integration', 'operator'].map((name) => run.connectProducer(name)));
    expect(await run.publish(producers[0]!, receipts)).toBe(true);
    await run.waitUntilSettled(60_000);

    const costs: PurchaseOrderCostV1[] = [0, 1].flatMap((order) => [
      { costId: `${run.prefix}:freight:${order}`, purchaseOrderId: orderOf(order), amount: '101.0003', costType: 'freight' as const, occurredAt: '2026-03-02T12:00:00.000Z', source: { system: 'erp' as const } },
      { costId: `${run.prefix}:credit:${order}`, purchaseOrderId: orderOf(order), amount: '-7.7777', costType: 'price-correction' as const, occurredAt: '2026-03-02T13:00:00.000Z', source: { system: 'erp' as const } },
    ]);
    const copies = costs.flatMap((cost) => Array.from({ length: 2 + Math.floor(random() * 4) }, () => ({ cost, producer: Math.floor(random() * producers.length) })));
    const sendCosts = (producer: EventProducer, batch: PurchaseOrderCostV1[]) =>
      producer.send(
        batch.map((cost) => ({
          topic: run.topic(TOPICS.purchaseOrderCosts.name),
          key: purchaseOrderCostKey(cost.purchaseOrderId),
          value: createEnvelope(TOPICS.purchaseOrderCosts, cost, { producer: 'erp', occurredAt: cost.occurredAt }),
        })),
      );
    // The costs and the stores' sales at once; each producer keeps an order's costs in the order posted.
    await Promise.all([
      ...producers.map((producer, index) => sendCosts(producer, copies.filter((copy) => copy.producer === index).map((copy) => copy.cost))),
      run.publish(producers[0]!, shuffled(sales, seededRandom(SEED + 1))),
    ]);

    // Three receipts per order, every share non-zero: one landed cost per cost and receipt.
    await waitFor(async () => ((await run.scalar(`SELECT count(*) AS n FROM ${LEDGER_SCHEMA}.movement WHERE kind = 'landed-cost'`)) === costs.length * 3 ? true : undefined), {
      timeoutMs: 60_000,
      description: 'every landed cost of every purchase order cost applied',
    });
    await run.waitUntilSettled(60_000);
    const report = await run.check();
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, lost: 0, doubled: 0 });
    expect(copies.length).toBeGreaterThanOrEqual(2 * costs.length);
    console.log(`[po-costs] ${costs.length} costs delivered ${copies.length} times (${copies.map((copy) => copy.producer).join(',')} by producer)`);
    expect(await run.scalar(`SELECT count(*) AS n FROM ${LEDGER_SCHEMA}.purchase_order_cost`)).toBe(costs.length);
    expect(await run.scalar(`SELECT count(*) AS n FROM ${LEDGER_SCHEMA}.movement WHERE kind = 'landed-cost'`)).toBe(costs.length * 3);
    // The freight adds exactly its amount across the order's receipts, shelf and variance together.
    expect(
      await run.scalar(
        `SELECT SUM(m.value_delta + m.cost_of_goods_sold + COALESCE(v.cost_of_goods_sold, 0)) AS n FROM ${LEDGER_SCHEMA}.movement m
           LEFT JOIN ${LEDGER_SCHEMA}.movement v ON v.movement_id = m.movement_id || ':cogs-variance'
          WHERE m.kind = 'landed-cost' AND m.movement_id LIKE $1`,
        [`${run.prefix}:freight:0:%`],
      ),
    ).toBe(101.0003);
  });
});
