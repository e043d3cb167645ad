// The receipts landed costs name, read from the real database by the writer: a receipt committed
// in an earlier batch is found with the units that arrived after it (in committed batches and
// earlier in the same batch), a receipt in the same batch is found there, and a landed cost whose
// receipt is not one of its key's is refused, with nothing of its batch applied.
import type { Client } from 'pg';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { LedgerWriter } from '../ledger/ledger-writer';
import { BUSINESS_TIME as at, ERP_SOURCE as erp, openWriterDatabase, storeReceipt as receipt, storeSale as sale, type WriterDatabase } from '../../test/writer-database';

jest.setTimeout(90_000);

describe('landed costs find their receipts (real PostgreSQL)', () => {
  let opened: WriterDatabase;
  let db: Client;

  beforeAll(async () => {
    opened = await openWriterDatabase('ledger-landed-cost-receipts');
    db = opened.db;
  });

  afterAll(async () => {
    await opened?.close();
  });

  const landedCost = (movementId: string, sku: string, receiptMovementId: string, amount: string): InventoryMovementV1 => ({
    movementId, kind: 'landed-cost', sku, locationId: 'S1', receiptMovementId, amount, costType: 'freight', occurredAt: at, source: erp,
  });
  const booked = async (sku: string) =>
    (
      await db.query<{ movement_id: string; value_delta: string; cost_of_goods_sold: string }>(
        `SELECT movement_id, value_delta::text, cost_of_goods_sold::text FROM inventory_ledger.movement WHERE sku = $1 AND kind LIKE 'landed-cost%' ORDER BY balance_version`,
        [sku],
      )
    ).rows;

  it('counts the units that arrived after a committed receipt, in later batches and earlier in the same batch', async () => {
    const writer = new LedgerWriter(opened.dataSource, 'inventory_ledger');
    await writer.applyBatch([{ movement: receipt('r1', 'TEA', 10, '2.0000') }]);
    await writer.applyBatch([{ movement: receipt('r2', 'TEA', 5, '3.0000') }, { movement: sale('s1', 'TEA', 8) }]);
    await writer.applyBatch([
      { movement: sale('s2', 'TEA', 4) },
      { movement: { movementId: 'a1', kind: 'adjustment', sku: 'TEA', locationId: 'S1', quantity: 1, reasonCode: 'found', occurredAt: at, source: erp } },
      // On hand 4, of which 1 arrived after r2 and 6 after r1: 3 of r2's units and none of r1's remain.
      { movement: landedCost('lc-r1', 'TEA', 'r1', '7.0000') },
      { movement: landedCost('lc-r2', 'TEA', 'r2', '5.0000') },
    ]);
    expect(await booked('TEA')).toEqual([
      { movement_id: 'lc-r1', value_delta: '0.0000', cost_of_goods_sold: '0.0000' },
      { movement_id: 'lc-r1:cogs-variance', value_delta: '0.0000', cost_of_goods_sold: '7.0000' },
      { movement_id: 'lc-r2', value_delta: '3.0000', cost_of_goods_sold: '0.0000' },
      { movement_id: 'lc-r2:cogs-variance', value_delta: '0.0000', cost_of_goods_sold: '2.0000' },
    ]);
  });

  it('finds a receipt earlier in the same batch, and refuses the whole batch for a receipt of another key', async () => {
    const writer = new LedgerWriter(opened.dataSource, 'inventory_ledger');
    await writer.applyBatch([{ movement: receipt('r3', 'COFFEE', 4, '1.0000') }, { movement: sale('s3', 'COFFEE', 1) }, { movement: landedCost('lc-r3', 'COFFEE', 'r3', '1.0000') }]);
    expect(await booked('COFFEE')).toEqual([
      { movement_id: 'lc-r3', value_delta: '0.7500', cost_of_goods_sold: '0.0000' },
      { movement_id: 'lc-r3:cogs-variance', value_delta: '0.0000', cost_of_goods_sold: '0.2500' },
    ]);

    await expect(writer.applyBatch([{ movement: sale('s4', 'COFFEE', 1) }, { movement: landedCost('lc-wrong-key', 'COFFEE', 'r1', '1.0000') }])).rejects.toMatchObject({
      name: 'PermanentMessageError',
      code: 'LEDGER.UNKNOWN_RECEIPT',
    });
    const { rows } = await db.query(`SELECT movement_id FROM inventory_ledger.movement WHERE movement_id IN ('s4', 'lc-wrong-key')`);
    expect(rows).toEqual([]);
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);
  });
});
