// A catalog change of a threshold meeting a batch that creates a balance of the item, on a real
// PostgreSQL: the batch read the item before the change and is writing its new balance when the
// change comes. The change waits for the batch to commit, then re-counts the new balance too, so
// the balance ends counted under the new threshold and the location's low count says so.
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { LedgerWriter } from '../ledger/ledger-writer';
import { LedgerSql } from '../persistence/ledger-sql';
import { ValuationSql } from '../valuation/valuation-sql';
import { applyCatalogItems } from './catalog-items';

jest.setTimeout(60_000);

describe('a threshold change meeting a batch that creates a balance (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('ledger-catalog-items');
    const config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '4' });
    dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('waits for the batch, then counts its new balance under the new threshold', async () => {
    const writer = new LedgerWriter(dataSource, 'inventory_ledger');
    const sql = new LedgerSql('inventory_ledger');
    const receipt: InventoryMovementV1 = {
      movementId: 'grn-lamp-s1', kind: 'receipt', sku: 'LAMP', locationId: 'S1', quantity: 3, unitCost: '4.0000', occurredAt: '2026-12-01T08:00:00.000Z',
      source: { system: 'erp', documentId: 'GRN-1' },
    };
    let changeDone = false;
    let change: Promise<number> | undefined;
    // Copied rows make the batch write inside a transaction; before it commits, the catalog gives LAMP a threshold of 5.
    await writer.applyBatch([{ movement: receipt }], new Date(), async () => {
      change = applyCatalogItems(dataSource, sql, [{ sku: 'LAMP', description: 'Lamp', lowStockThreshold: 5, active: true, updatedAt: '2026-12-01T09:00:00.000Z' }]).then((changed) => {
        changeDone = true;
        return changed;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Held back while the batch writes balances.
      expect(changeDone).toBe(false);
    });
    expect(await change).toBe(1);
    expect(await dataSource.query(`SELECT on_hand::int, counted_threshold FROM inventory_ledger.stock_balance WHERE sku = 'LAMP'`)).toEqual([{ on_hand: 3, counted_threshold: 5 }]);
    const [totals] = await new ValuationSql('inventory_ledger').locationTotals(dataSource.manager, 'S1');
    expect(totals).toMatchObject({ balances: '1', low: '1', stockout: '0', negative: '0' });
  });

  it('holds no batch back for a change that leaves every threshold as it was', async () => {
    const writer = new LedgerWriter(dataSource, 'inventory_ledger');
    const sql = new LedgerSql('inventory_ledger');
    const receipt: InventoryMovementV1 = {
      movementId: 'grn-lamp-s2', kind: 'receipt', sku: 'LAMP', locationId: 'S2', quantity: 2, unitCost: '4.0000', occurredAt: '2026-12-01T10:00:00.000Z',
      source: { system: 'erp', documentId: 'GRN-2' },
    };
    await writer.applyBatch([{ movement: receipt }], new Date(), async () => {
      // A new description, the same threshold: applied while the batch still holds its balance.
      expect(await applyCatalogItems(dataSource, sql, [{ sku: 'LAMP', description: 'Desk lamp', lowStockThreshold: 5, active: true, updatedAt: '2026-12-01T11:00:00.000Z' }])).toBe(1);
    });
    expect(await dataSource.query(`SELECT location_id, counted_threshold FROM inventory_ledger.stock_balance WHERE sku = 'LAMP' ORDER BY 1`)).toEqual([
      { location_id: 'S1', counted_threshold: 5 },
      { location_id: 'S2', counted_threshold: 5 },
    ]);
  });
});
