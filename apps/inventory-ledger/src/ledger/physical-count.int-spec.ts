// A store counting 5,000 items at once, as one batch, against the real database: every count is
// compared with its key's book quantity as of the count's time (movements dated after the count,
// applied before it, stay on top; a late sale dated before it is in the book), every variance is
// posted, and the ledger's invariants hold afterwards.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { LedgerWriter } from './ledger-writer';

jest.setTimeout(180_000);

const ITEMS = 5_000;
const at = (hour: number) => `2026-12-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
const skuOf = (item: number) => `ITEM-${String(item).padStart(5, '0')}`;
const items = Array.from({ length: ITEMS }, (_, item) => item);
/** Sold at 09:00 (before the count) by even items only, and at 12:00 (after it) by every item. */
const soldBefore = (item: number) => (item % 2 === 0 ? 2 : 0);
const soldAfter = (item: number) => item % 7;
/** The shelf holds a few less than the book for most items. */
const counted = (item: number) => 100 - soldBefore(item) - (item % 5);

describe('a 5,000-item physical count in one batch (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('ledger-physical-count');
    const config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '2' });
    dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('compares each count with its book quantity as of the count time and posts every variance', async () => {
    const writer = new LedgerWriter(dataSource, 'inventory_ledger');
    const apply = (movements: InventoryMovementV1[]) => writer.applyBatch(movements.map((movement) => ({ movement })));
    await apply(items.map((item) => ({ movementId: `grn-${item}`, kind: 'receipt', sku: skuOf(item), locationId: 'S1', quantity: 100, unitCost: '1.5000', occurredAt: at(8), source: { system: 'erp', documentId: 'GRN' } })));
    await apply(items.filter((item) => soldAfter(item) > 0).map((item) => sale(`after-${item}`, item, soldAfter(item), at(12))));
    // An offline till catching up: applied after the 12:00 sales, dated before the count.
    await apply(items.filter((item) => soldBefore(item) > 0).map((item) => sale(`before-${item}`, item, soldBefore(item), at(9))));

    const result = await apply(
      items.map((item) => ({
        movementId: `count-${item}`,
        kind: 'count',
        sku: skuOf(item),
        locationId: 'S1',
        countId: 'CNT-1',
        countedQuantity: counted(item),
        occurredAt: at(11),
        source: { system: 'ops', storeId: 'S1', documentId: 'CNT-1' },
      })),
    );
    const variances = items.filter((item) => item % 5 !== 0);
    expect(result).toMatchObject({ applied: ITEMS + variances.length, duplicates: 0 });

    const balances: Array<{ sku: string; on_hand: number }> = await dataSource.query(
      `SELECT sku, on_hand::int FROM inventory_ledger.stock_balance WHERE location_id = 'S1' ORDER BY sku`,
    );
    expect(balances).toEqual(items.map((item) => ({ sku: skuOf(item), on_hand: counted(item) - soldAfter(item) })));
    const posted: Array<{ movement_id: string; quantity_delta: number }> = await dataSource.query(
      `SELECT movement_id, quantity_delta::int FROM inventory_ledger.movement WHERE kind = 'adjustment' ORDER BY sku`,
    );
    expect(posted).toEqual(variances.map((item) => ({ movement_id: `count-${item}:variance`, quantity_delta: -(item % 5) })));

    const owner = new Client({ connectionString: database.url });
    await owner.connect();
    try {
      expect((await checkLedgerInvariants(owner, 'inventory_ledger')).violations).toEqual([]);
    } finally {
      await owner.end();
    }
  });
});

function sale(movementId: string, item: number, quantity: number, occurredAt: string): InventoryMovementV1 {
  return {
    movementId,
    kind: 'sale',
    sku: skuOf(item),
    locationId: 'S1',
    quantity,
    occurredAt,
    source: { system: 'pos', storeId: 'S1', terminalId: 'T1', transactionId: movementId, lineNumber: 1 },
  };
}
