// The operator's lookups on a real PostgreSQL: search by part of a code (prefix from one
// character, anywhere from three, exact first, LIKE's wildcards taken literally), read from the
// trigram index; a key's levels after each movement; a location's balances sorted, filtered by
// state and paged, with the count of the state; and a location's summary.
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { LedgerWriter } from '../ledger/ledger-writer';
import { StockLookupService } from './stock-lookup.service';

jest.setTimeout(60_000);

describe('stock lookups (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let writer: LedgerWriter;
  let lookup: StockLookupService;
  const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;
  const receipt = (sku: string, locationId: string, quantity: number, day = 1): InventoryMovementV1 => ({
    movementId: `grn-${sku}-${locationId}-${day}`,
    kind: 'receipt',
    sku,
    locationId,
    quantity,
    unitCost: '2.0000',
    occurredAt: at(day),
    source: { system: 'erp', documentId: `GRN-${day}` },
  });
  const sale = (sku: string, locationId: string, quantity: number, day: number): InventoryMovementV1 => ({
    movementId: `sale-${sku}-${locationId}-${day}`,
    kind: 'sale',
    sku,
    locationId,
    quantity,
    occurredAt: at(day),
    source: { system: 'pos', storeId: locationId, terminalId: 'T1', transactionId: `T-${day}`, lineNumber: 1 },
  });

  beforeAll(async () => {
    database = await createTestDatabase('ledger-stock-lookup');
    const config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '2' });
    dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
    writer = new LedgerWriter(dataSource, config.DATABASE_SCHEMA);
    lookup = new StockLookupService(dataSource, config);
    await dataSource.query(`INSERT INTO inventory_ledger.item_setting (sku, low_stock_threshold) VALUES ('TEA-GREEN', 5)`);
    await writer.applyBatch(
      [receipt('TEA-GREEN', 'S1', 10), receipt('TEA-BLACK', 'S1', 30), receipt('GREENTEA', 'S2', 7), receipt('MUG', 'S1', 2), receipt('MUG_X', 'S1', 1), receipt('MUGXL', 'WH-NORTH', 4)].map(
        (movement) => ({ movement }),
      ),
    );
    await writer.applyBatch([{ movement: sale('TEA-GREEN', 'S1', 7, 2) }, { movement: sale('MUG', 'S1', 4, 2) }, { movement: sale('MUGXL', 'WH-NORTH', 4, 3) }]);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('finds SKUs by prefix from one character and anywhere from three, any case, exact first', async () => {
    expect((await lookup.search('t', 20)).skus.map((hit) => hit.sku)).toEqual(['TEA-BLACK', 'TEA-GREEN']);
    const green = await lookup.search('green', 20);
    expect(green.matching).toBe('prefix-and-substring');
    expect(green.skus).toEqual([
      { sku: 'GREENTEA', locationId: 'S2' },
      { sku: 'TEA-GREEN', locationId: 'S1' },
    ]);
    // Two characters: a prefix only, so 'EA' inside TEA-… is not a match.
    expect((await lookup.search('ea', 20)).skus).toEqual([]);
    const mugs = (await lookup.search('MUG', 20)).skus.map((hit) => hit.sku);
    expect(mugs[0]).toBe('MUG');
    expect([...mugs].sort()).toEqual(['MUG', 'MUGXL', 'MUG_X']);
    // LIKE's wildcards are literal: '_' matches only an underscore.
    expect((await lookup.search('MUG_', 20)).skus.map((hit) => hit.sku)).toEqual(['MUG_X']);
    expect((await lookup.search('north', 20)).locations).toEqual([{ locationId: 'WH-NORTH', balances: 1 }]);
    expect((await lookup.search('s', 20)).locations.map((hit) => hit.locationId)).toEqual(['S1', 'S2']);
  });

  it('reads the trigram index for a substring, not every balance', async () => {
    await dataSource.query(
      `INSERT INTO inventory_ledger.stock_balance (sku, location_id, on_hand, version)
       SELECT 'GEN-' || lpad(n::text, 6, '0'), 'GEN-S' || (n % 40), 1, 1 FROM generate_series(1, 20000) AS n`,
    );
    await dataSource.query('ANALYZE inventory_ledger.stock_balance');
    const [plan]: Array<{ 'QUERY PLAN': unknown }> = await dataSource.query(
      `EXPLAIN (FORMAT JSON) SELECT sku FROM inventory_ledger.stock_balance WHERE sku ILIKE '%12345%' AND version > 0 LIMIT 2000`,
    );
    expect(JSON.stringify(plan?.['QUERY PLAN'])).toContain('stock_balance_sku_search');
    expect((await lookup.search('012345', 5)).skus).toEqual([{ sku: 'GEN-012345', locationId: 'GEN-S25' }]);
  });

  it("draws a key's levels after each movement, oldest first", async () => {
    expect(await lookup.levels('TEA-GREEN', 'S1', 10)).toEqual([
      { balanceVersion: 1, occurredAt: at(1), onHand: 10, inTransit: 0, onOrder: 0, inventoryValue: '20.0000' },
      { balanceVersion: 2, occurredAt: at(2), onHand: 3, inTransit: 0, onOrder: 0, inventoryValue: '6.0000' },
    ]);
    expect((await lookup.levels('TEA-GREEN', 'S1', 1))?.map((point) => point.onHand)).toEqual([3]);
    expect(await lookup.levels('TEA-GREEN', 'S9', 10)).toBeUndefined();
  });

  it("pages a location's balances sorted and by state, and sums them up", async () => {
    const page = (asked: Partial<Parameters<StockLookupService['locationBalances']>[1]>) =>
      lookup.locationBalances('S1', { sort: 'sku', direction: 'asc', state: 'all', offset: 0, limit: 50, ...asked });
    const byOnHand = await page({ sort: 'onHand', direction: 'desc', limit: 2 });
    expect(byOnHand.total).toBe(4);
    expect(byOnHand.items.map((row) => [row.sku, row.onHand])).toEqual([
      ['TEA-BLACK', 30],
      ['TEA-GREEN', 3],
    ]);
    expect((await page({ sort: 'onHand', direction: 'desc', limit: 2, offset: 2 })).items.map((row) => row.sku)).toEqual(['MUG_X', 'MUG']);
    expect((await page({ offset: 4 })).items).toEqual([]);
    expect((await page({ state: 'negative' })).items.map((row) => [row.sku, row.onHand])).toEqual([['MUG', -2]]);
    const low = await page({ state: 'low' });
    expect(low.items).toEqual([expect.objectContaining({ sku: 'TEA-GREEN', lowStockThreshold: 5 })]);
    expect(low.total).toBe(1);
    // Ties in the sort are broken by SKU in the same direction; thresholds come with every row of the page.
    const byValue = await page({ sort: 'value', direction: 'asc' });
    expect(byValue.items.map((row) => [row.sku, row.inventoryValue, row.lowStockThreshold])).toEqual([
      ['MUG', '-4.0000', null],
      ['MUG_X', '2.0000', null],
      ['TEA-GREEN', '6.0000', 5],
      ['TEA-BLACK', '60.0000', null],
    ]);
    expect((await page({ sort: 'lastMovement', direction: 'desc', limit: 2 })).items.map((row) => row.sku)).toEqual(['TEA-GREEN', 'MUG']);
    // Only the SKUs asked (a page another service ordered), those the location has.
    const some = await lookup.locationBalances('S1', { sort: 'sku', direction: 'asc', state: 'all', offset: 0, limit: 200 }, ['TEA-BLACK', 'MUG', 'NOT-HERE']);
    expect(some.total).toBe(2);
    expect(some.items.map((row) => [row.sku, row.onHand])).toEqual([
      ['MUG', -2],
      ['TEA-BLACK', 30],
    ]);
    expect(await lookup.locationSummary('S1')).toEqual({ locationId: 'S1', balances: 4, negative: 1, stockout: 0, low: 1, onHand: 32, inventoryValue: '64.0000' });
    expect(await lookup.locationSummary('NOWHERE')).toBeUndefined();
  });
});
