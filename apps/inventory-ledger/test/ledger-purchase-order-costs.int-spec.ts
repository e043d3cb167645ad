// Costs of a whole purchase order through the real contracts, Kafka and PostgreSQL. Purchase order
// PO-1 was received as three receipts: tea at the store (10 at 2.0000 = 20.0000), biscuits at the
// store (5 at 6.0000 = 30.0000) and tea at the warehouse (4 at 12.5000 = 50.0000); tea at the store
// also had a receipt of no order after it (10 at 3.0000), then 4 tea and all 5 biscuits were sold.
// Freight of 33.3333 for the order is shared 20:30:50 by received value, largest remainder
// (6.6667, 10.0000, 16.6666), and a price correction of -11.0000 USD at 0.9 (-9.9000) the same
// way (-1.9800, -2.9700, -4.9500). Each share is an ordinary landed cost of its receipt at its
// key: the store's tea keeps 6 of the receipt's 10 units on the shelf (16 on hand less the 10 that
// arrived after), the biscuits none, the warehouse's tea all 4. Redelivered, nothing changes; a
// cost refused goes to the dead-letter topic with its reason; the history checker finds the
// costs booked exactly, and sees them when tampered with. A cost posted before its order's
// receipts is refused, and applied once an operator replays it after them; one published right
// after its receipts is shared over all of them.
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TOPICS, type DeadLetterV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { readTopicUntil, waitFor } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from './running-ledger';

jest.setTimeout(120_000);

const DAY = '2026-11-05';
const erp = { system: 'erp', documentId: 'GRN-1' };
const at = (hour: number) => `${DAY}T${String(hour).padStart(2, '0')}:00:00.000Z`;

const receipt = (movementId: string, sku: string, locationId: string, quantity: number, unitCost: string, hour: number, purchaseOrderId?: string) => ({
  movementId,
  kind: 'receipt',
  sku,
  locationId,
  quantity,
  unitCost,
  occurredAt: at(hour),
  source: erp,
  ...(purchaseOrderId === undefined ? {} : { purchaseOrderId }),
});

const sale = (movementId: string, sku: string, quantity: number, hour: number) => ({
  movementId,
  kind: 'sale',
  sku,
  locationId: 'S1',
  quantity,
  occurredAt: at(hour),
  source: { system: 'pos', storeId: 'S1', transactionId: movementId, lineNumber: 1 },
});

const cost = (costId: string, fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  costId,
  purchaseOrderId: 'PO-1',
  amount: '33.3333',
  costType: 'freight',
  occurredAt: at(12),
  source: { system: 'erp', documentId: costId },
  ...fields,
});

describe('inventory-ledger costs of a whole purchase order (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;
  let db: Client;

  beforeAll(async () => {
    ledger = await startRunningLedger('ledger-po-costs');
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await ledger?.close();
  });

  const rows = async <T>(sql: string): Promise<T[]> => (await db.query(sql)).rows as T[];

  it('shares each cost over the order\'s receipts by received value, applies each share at its key as a landed cost, once, and refuses bad costs by reason', async () => {
    await ledger.publish([
      receipt('rcpt:TEA:S1', 'TEA', 'S1', 10, '2.0000', 8, 'PO-1'),
      receipt('rcpt:BISCUIT:S1', 'BISCUIT', 'S1', 5, '6.0000', 8, 'PO-1'),
      receipt('rcpt:TEA:W1', 'TEA', 'W1', 4, '12.5000', 8, 'PO-1'),
      receipt('rcpt:TEA:S1:spot', 'TEA', 'S1', 10, '3.0000', 9),
      sale('sale:TEA', 'TEA', 4, 10),
      sale('sale:BISCUIT', 'BISCUIT', 5, 10),
    ]);
    await waitFor(async () => ((await rows(`SELECT 1 FROM inventory_ledger.movement`)).length >= 6 ? true : undefined), {
      timeoutMs: 30_000,
      description: 'the receipts and sales applied',
    });
    // The index holds the order's receipts, written with them; the receipt of no order is not in it.
    expect(await rows(`SELECT receipt_movement_id, sku, location_id, quantity::int, received_value::text FROM inventory_ledger.purchase_order_receipt ORDER BY 1`)).toEqual([
      { receipt_movement_id: 'rcpt:BISCUIT:S1', sku: 'BISCUIT', location_id: 'S1', quantity: 5, received_value: '30.0000' },
      { receipt_movement_id: 'rcpt:TEA:S1', sku: 'TEA', location_id: 'S1', quantity: 10, received_value: '20.0000' },
      { receipt_movement_id: 'rcpt:TEA:W1', sku: 'TEA', location_id: 'W1', quantity: 4, received_value: '50.0000' },
    ]);

    const refused: Array<[Record<string, unknown>, string, string]> = [
      [cost('poc:unknown', { purchaseOrderId: 'PO-NEVER' }), 'LEDGER.UNKNOWN_PURCHASE_ORDER', 'payload.purchaseOrderId'],
      [cost('poc:freight', { amount: '33.3334' }), 'LEDGER.CONFLICT', 'payload.costId'],
      [cost('poc:zero', { amount: '0.0000' }), 'CONTRACT.VALIDATION_FAILED', 'payload.amount'],
      [cost('poc:rate-zero', { currency: 'USD', exchangeRate: '0' }), 'CONTRACT.VALIDATION_FAILED', 'payload.exchangeRate'],
      [cost('poc:no-rate', { currency: 'USD' }), 'LEDGER.CURRENCY_MISMATCH', 'payload.currency'],
      [cost('poc:too-low', { amount: '-100.0001', costType: 'price-correction' }), 'LEDGER.COST_OUT_OF_RANGE', 'payload.amount'],
    ];
    await ledger.publishPurchaseOrderCosts([
      cost('poc:freight'),
      cost('poc:correction', { amount: '-11.0000', costType: 'price-correction', currency: 'USD', exchangeRate: '0.9', occurredAt: at(13) }),
      cost('poc:freight'),
      ...refused.map(([refusedCost]) => refusedCost),
    ]);

    const letters = await readTopicUntil(ledger.topic(TOPICS.inventoryMovementsDeadLetter.name), (messages) => messages.length >= refused.length, { timeoutMs: 60_000 });
    const byCost = new Map(
      letters.map((message) => {
        const letter = (JSON.parse(message.value!) as { payload: DeadLetterV1 }).payload;
        return [(JSON.parse(letter.originalValue) as { payload: { costId: string } }).payload.costId, letter];
      }),
    );
    for (const [refusedCost, reasonCode, path] of refused) {
      const letter = byCost.get(String(refusedCost['costId']));
      expect({ costId: refusedCost['costId'], reasonCode: letter?.reasonCode }).toEqual({ costId: refusedCost['costId'], reasonCode });
      expect(letter?.errors.map((error) => error.path)).toContain(path);
    }
    expect(byCost.get('poc:unknown')?.reason).toContain('PO-NEVER');

    const landed = await waitFor(
      async () => {
        const found = await rows<{ movement_id: string; sku: string; location_id: string; kind: string; value_delta: string; cost_of_goods_sold: string }>(
          `SELECT movement_id, sku, location_id, kind, value_delta::text, cost_of_goods_sold::text FROM inventory_ledger.movement
            WHERE kind IN ('landed-cost', 'landed-cost-variance') ORDER BY sku, location_id, balance_version`,
        );
        return found.length >= 10 ? found : undefined;
      },
      { timeoutMs: 30_000, description: 'every share applied at its key, with its variance' },
    );
    expect(landed).toEqual([
      // Biscuits: all 5 sold, each share is all variance.
      { movement_id: 'poc:freight:rcpt:BISCUIT:S1', sku: 'BISCUIT', location_id: 'S1', kind: 'landed-cost', value_delta: '0.0000', cost_of_goods_sold: '0.0000' },
      { movement_id: 'poc:freight:rcpt:BISCUIT:S1:cogs-variance', sku: 'BISCUIT', location_id: 'S1', kind: 'landed-cost-variance', value_delta: '0.0000', cost_of_goods_sold: '10.0000' },
      { movement_id: 'poc:correction:rcpt:BISCUIT:S1', sku: 'BISCUIT', location_id: 'S1', kind: 'landed-cost', value_delta: '0.0000', cost_of_goods_sold: '0.0000' },
      { movement_id: 'poc:correction:rcpt:BISCUIT:S1:cogs-variance', sku: 'BISCUIT', location_id: 'S1', kind: 'landed-cost-variance', value_delta: '0.0000', cost_of_goods_sold: '-2.9700' },
      // Tea at the store: 6 of the receipt's 10 still on the shelf.
      { movement_id: 'poc:freight:rcpt:TEA:S1', sku: 'TEA', location_id: 'S1', kind: 'landed-cost', value_delta: '4.0000', cost_of_goods_sold: '0.0000' },
      { movement_id: 'poc:freight:rcpt:TEA:S1:cogs-variance', sku: 'TEA', location_id: 'S1', kind: 'landed-cost-variance', value_delta: '0.0000', cost_of_goods_sold: '2.6667' },
      { movement_id: 'poc:correction:rcpt:TEA:S1', sku: 'TEA', location_id: 'S1', kind: 'landed-cost', value_delta: '-1.1880', cost_of_goods_sold: '0.0000' },
      { movement_id: 'poc:correction:rcpt:TEA:S1:cogs-variance', sku: 'TEA', location_id: 'S1', kind: 'landed-cost-variance', value_delta: '0.0000', cost_of_goods_sold: '-0.7920' },
      // Tea at the warehouse: all 4 on the shelf, no variance.
      { movement_id: 'poc:freight:rcpt:TEA:W1', sku: 'TEA', location_id: 'W1', kind: 'landed-cost', value_delta: '16.6666', cost_of_goods_sold: '0.0000' },
      { movement_id: 'poc:correction:rcpt:TEA:W1', sku: 'TEA', location_id: 'W1', kind: 'landed-cost', value_delta: '-4.9500', cost_of_goods_sold: '0.0000' },
    ]);

    const stockOf = async (sku: string, location: string) =>
      (await (await fetch(`${ledger.url}/v1/stock/${sku}/${location}`, { headers: ledger.stockReaderHeaders })).json()) as Record<string, unknown>;
    // 50.0000 for 20, 4 sold at 2.5000 (10.0000), then +4.0000 and -1.1880.
    expect(await stockOf('TEA', 'S1')).toMatchObject({ onHand: 16, inventoryValue: '42.8120' });
    expect(await stockOf('BISCUIT', 'S1')).toMatchObject({ onHand: 0, inventoryValue: '0.0000' });
    expect(await stockOf('TEA', 'W1')).toMatchObject({ onHand: 4, inventoryValue: '61.7166' });

    // The costs are recorded once each, with what they were shared by and as they were stated.
    expect(await rows(`SELECT cost_id, amount::text, basis, shares, payload->>'currency' AS currency FROM inventory_ledger.purchase_order_cost ORDER BY cost_id`)).toEqual([
      { cost_id: 'poc:correction', amount: '-9.9000', basis: 'received-value', shares: 3, currency: 'USD' },
      { cost_id: 'poc:freight', amount: '33.3333', basis: 'received-value', shares: 3, currency: null },
    ]);

    // Redelivered after everything settled: nothing more is recorded, queued or applied.
    const outboxBefore = (await rows<{ n: string }>(`SELECT count(*)::text AS n FROM inventory_ledger.outbox`))[0]!.n;
    await ledger.publishPurchaseOrderCosts([cost('poc:freight'), cost('poc:marker', { purchaseOrderId: 'PO-NEVER' })]);
    await readTopicUntil(ledger.topic(TOPICS.inventoryMovementsDeadLetter.name), (messages) => messages.length >= refused.length + 1, { timeoutMs: 60_000 });
    expect((await rows<{ n: string }>(`SELECT count(*)::text AS n FROM inventory_ledger.outbox`))[0]!.n).toBe(outboxBefore);
    expect(await rows(`SELECT count(*)::int AS n FROM inventory_ledger.movement WHERE kind = 'landed-cost'`)).toEqual([{ n: 6 }]);

    const dataSource = ledger.app.get(DataSource);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM inventory_ledger.purchase_order_cost`)).toEqual([{ n: 2 }]);
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);

    // The history checker sees a cost whose landed costs do not add up to it, and a receipt missing from its order's index.
    await db.query(`UPDATE inventory_ledger.purchase_order_cost SET amount = amount + 0.0001 WHERE cost_id = 'poc:freight'`);
    await db.query(`DELETE FROM inventory_ledger.purchase_order_receipt WHERE receipt_movement_id = 'rcpt:TEA:W1'`);
    const { violations } = await checkLedgerInvariants(db, 'inventory_ledger');
    expect(violations).toEqual(
      expect.arrayContaining([
        'receipt rcpt:TEA:W1 names a purchase order but its index row is absent',
        'purchase order cost poc:freight of 33.3334 in 3 shares is booked as 16.6667 by 2 landed costs',
        'purchase order cost poc:correction of -9.9000 in 3 shares is booked as -4.9500 by 2 landed costs',
      ]),
    );
  });
  it('refuses a cost posted before its order\'s receipts, and applies it once replayed after them', async () => {
    const admin = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> =>
      (await (
        await fetch(`${ledger.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ledger.adminApiKey}` },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      ).json()) as T;
    await ledger.publishPurchaseOrderCosts([cost('poc:early', { purchaseOrderId: 'PO-2', amount: '4.0000', costType: 'duty' })]);
    const early = await waitFor(
      async () => {
        const page = await admin<{ items: Array<{ eventId: string; originalKey: string | null }> }>('GET', '/v1/admin/dead-letters?reasonCode=LEDGER.UNKNOWN_PURCHASE_ORDER');
        return page.items.find((item) => item.originalKey === 'po:PO-2');
      },
      { timeoutMs: 60_000, description: 'the early cost archived as a dead letter' },
    );
    await ledger.publish([receipt('rcpt:JAM:S1', 'JAM', 'S1', 8, '1.5000', 14, 'PO-2')]);
    await waitFor(async () => ((await rows(`SELECT 1 FROM inventory_ledger.purchase_order_receipt WHERE purchase_order_id = 'PO-2'`)).length > 0 ? true : undefined), {
      timeoutMs: 30_000,
      description: 'the receipt of PO-2 applied',
    });
    await admin('POST', `/v1/admin/dead-letters/${encodeURIComponent(early.eventId)}/replay`, { by: 'ops@example', note: 'the goods are in now' });
    const applied = await waitFor(
      async () => {
        const found = await rows<{ movement_id: string; value_delta: string }>(`SELECT movement_id, value_delta::text FROM inventory_ledger.movement WHERE movement_id = 'poc:early:rcpt:JAM:S1'`);
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000, description: 'the replayed cost applied at the receipt\'s key' },
    );
    expect(applied).toEqual([{ movement_id: 'poc:early:rcpt:JAM:S1', value_delta: '4.0000' }]);
    expect(await rows(`SELECT cost_id, amount::text, shares FROM inventory_ledger.purchase_order_cost WHERE purchase_order_id = 'PO-2'`)).toEqual([{ cost_id: 'poc:early', amount: '4.0000', shares: 1 }]);
  });

  it('shares a cost published right after its receipts over all of them: the costs wait until the movements published before them are applied', async () => {
    const skus = Array.from({ length: 400 }, (_, index) => `BULK-${String(index).padStart(3, '0')}`);
    await ledger.publish(skus.map((sku) => receipt(`rcpt:${sku}:S1`, sku, 'S1', 2, '1.0000', 15, 'PO-3')));
    await ledger.publishPurchaseOrderCosts([cost('poc:bulk', { purchaseOrderId: 'PO-3', amount: '40.0000' })]);
    const recorded = await waitFor(
      async () => {
        const found = await rows<{ shares: number }>(`SELECT shares FROM inventory_ledger.purchase_order_cost WHERE cost_id = 'poc:bulk'`);
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 60_000, description: 'the cost published after its 400 receipts recorded' },
    );
    expect(recorded).toEqual([{ shares: 400 }]);
  });
});
