// The index of receipts by purchase order and the record of purchase order costs, on the real
// database: receipts are indexed by the statement that records them, in a small batch and in a
// backlog's batch appended with COPY, at the value each booked (converted from another currency,
// a true-up included); a receipt delivered again adds nothing; the migration indexes the receipts
// already recorded; and one cost applied by two writers at once is recorded and queued once.
import type { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import type { InventoryMovementV1, PurchaseOrderCostV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { LedgerWriter } from '../ledger/ledger-writer';
import { PurchaseOrderCostWriter } from '../purchase-order-costs/purchase-order-cost-writer';
import { COPY_FROM_ROWS } from './ledger-sql';
import { PurchaseOrderCosts1769650000000 } from './migrations/1769650000000-purchase-order-costs';
import { PurchaseOrderSql } from './purchase-order-sql';
import { BUSINESS_TIME as at, ERP_SOURCE as erp, openWriterDatabase, storeSale as sale, type WriterDatabase } from '../../test/writer-database';

jest.setTimeout(90_000);

const receipt = (movementId: string, sku: string, quantity: number, unitCost: string, purchaseOrderId?: string, fields: Partial<InventoryMovementV1> = {}): InventoryMovementV1 =>
  ({
    movementId, kind: 'receipt', sku, locationId: 'S1', quantity, unitCost, occurredAt: at, source: erp,
    ...(purchaseOrderId === undefined ? {} : { purchaseOrderId }),
    ...fields,
  }) as InventoryMovementV1;

describe('purchase orders in the ledger (real PostgreSQL)', () => {
  let opened: WriterDatabase;
  let db: Client;
  const index = async (purchaseOrderId: string) =>
    (
      await db.query<{ receipt_movement_id: string; sku: string; quantity: number; received_value: string }>(
        `SELECT receipt_movement_id, sku, quantity::int, received_value::text FROM inventory_ledger.purchase_order_receipt WHERE purchase_order_id = $1 ORDER BY 1`,
        [purchaseOrderId],
      )
    ).rows;

  beforeAll(async () => {
    opened = await openWriterDatabase('ledger-purchase-orders');
    db = opened.db;
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('indexes each receipt naming an order with the value it booked, in small batches and COPY batches, once', async () => {
    const writer = new LedgerWriter(opened.dataSource, 'inventory_ledger', undefined, undefined, 'EUR');
    await writer.applyBatch([
      { movement: sale('s-hole', 'JAM', 2) },
      // Into negative stock: 2 units fill the hole, its true-up is part of what the receipt cost.
      { movement: receipt('r-jam', 'JAM', 5, '3.0000', 'PO-A') },
      { movement: receipt('r-usd', 'TEA', 4, '10.0000', 'PO-A', { currency: 'USD', exchangeRate: '0.9' }) },
      { movement: receipt('r-none', 'TEA', 1, '1.0000') },
    ]);
    await writer.applyBatch([{ movement: receipt('r-jam', 'JAM', 5, '3.0000', 'PO-A') }]);
    expect(await index('PO-A')).toEqual([
      { receipt_movement_id: 'r-jam', sku: 'JAM', quantity: 5, received_value: '15.0000' },
      { receipt_movement_id: 'r-usd', sku: 'TEA', quantity: 4, received_value: '36.0000' },
    ]);

    const backlog = Array.from({ length: COPY_FROM_ROWS }, (_, n) => ({ movement: receipt(`r-bulk-${String(n).padStart(4, '0')}`, `BULK-${n % 7}`, 1 + (n % 3), '0.5000', `PO-B${n % 2}`) }));
    await writer.applyBatch(backlog);
    const bulk = await db.query<{ purchase_order_id: string; receipts: number; value: string }>(
      `SELECT purchase_order_id, count(*)::int AS receipts, sum(received_value)::text AS value FROM inventory_ledger.purchase_order_receipt
        WHERE purchase_order_id LIKE 'PO-B%' GROUP BY 1 ORDER BY 1`,
    );
    const valueOf = (parity: number) => backlog.filter((_, n) => n % 2 === parity).reduce((sum, _, k) => sum + (1 + ((2 * k + parity) % 3)) * 0.5, 0);
    expect(bulk.rows).toEqual([
      { purchase_order_id: 'PO-B0', receipts: COPY_FROM_ROWS / 2, value: valueOf(0).toFixed(4) },
      { purchase_order_id: 'PO-B1', receipts: COPY_FROM_ROWS / 2, value: valueOf(1).toFixed(4) },
    ]);
    expect((await new PurchaseOrderSql('inventory_ledger').receiptsOf(opened.dataSource.manager, 'PO-A')).map((r) => [r.receiptMovementId, r.locationId, r.receivedValue])).toEqual([
      ['r-jam', 'S1', 150_000n],
      ['r-usd', 'S1', 360_000n],
    ]);
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);
  });

  it('records and queues a cost applied by two writers at once only once', async () => {
    const cost: PurchaseOrderCostV1 = { costId: 'poc-race', purchaseOrderId: 'PO-A', amount: '5.1000', costType: 'duty', occurredAt: at, source: erp };
    const writers = [0, 1].map(() => new PurchaseOrderCostWriter(opened.dataSource, 'inventory_ledger', 'EUR'));
    const first = await Promise.allSettled(writers.map((writer) => writer.apply(cost, undefined)));
    // The loser either saw the record (a duplicate) or met the winner's insert and asks to be tried again.
    expect(first.filter((result) => result.status === 'fulfilled' && result.value.outcome === 'applied')).toHaveLength(1);
    for (const result of first) if (result.status === 'rejected') expect((result.reason as Error).name).not.toBe('PermanentMessageError');
    expect(await writers[1]!.apply(cost, undefined)).toEqual({ outcome: 'duplicate' });
    // 15.0000 : 36.0000 of 5.1000 = 1.5 : 3.6.
    const queued = await db.query<{ event_id: string; key: string; amount: string }>(
      `SELECT event_id, message_key AS key, payload->'payload'->>'amount' AS amount FROM inventory_ledger.outbox WHERE payload->'payload'->>'movementId' LIKE 'poc-race:%' ORDER BY 1`,
    );
    expect(queued.rows.map(({ key, amount }) => ({ key, amount }))).toEqual([
      { key: 'JAM@S1', amount: '1.5000' },
      { key: 'TEA@S1', amount: '3.6000' },
    ]);
  });

  // Last: the tables are made again by their owner, without the service's grants.
  it('indexes, when migrated, the receipts recorded before', async () => {
    const before = (await db.query(`SELECT * FROM inventory_ledger.purchase_order_receipt ORDER BY purchase_order_id, receipt_movement_id`)).rows;
    expect(before.length).toBeGreaterThan(0);
    const runner = { query: (sql: string) => db.query(sql), connection: { driver: { schema: 'inventory_ledger' } } } as unknown as QueryRunner;
    const migration = new PurchaseOrderCosts1769650000000();
    await migration.down(runner);
    await migration.up(runner);
    expect((await db.query(`SELECT * FROM inventory_ledger.purchase_order_receipt ORDER BY purchase_order_id, receipt_movement_id`)).rows).toEqual(before);
  });
});
