// Stock as of a business time, and the book quantity a count is compared with, from the recorded
// movements of one key (real PostgreSQL): late movements count at their own time, the answer has
// the figures of a direct sum, read from the key's version index only as far back as the time
// asked; the history pages by version and returns each payload as it was received.
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { LedgerWriter } from '../ledger/ledger-writer';
import { movementsDatedAfter } from '../persistence/ledger-sql';
import { StockQueryService } from './stock-query.service';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

jest.setTimeout(60_000);

describe('stock as of a time, summed from the ledger (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let writer: LedgerWriter;
  let stock: StockQueryService;
  const at = (time: string) => `2026-11-24T${time}:00.000Z`;

  beforeAll(async () => {
    database = await createTestDatabase('ledger-stock-as-of');
    const config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '2' });
    dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
    writer = new LedgerWriter(dataSource, config.DATABASE_SCHEMA);
    stock = new StockQueryService(dataSource, config);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const receipt: InventoryMovementV1 = {
    movementId: 'grn-1',
    kind: 'receipt',
    sku: 'TEA',
    locationId: 'S1',
    quantity: 10,
    unitCost: '2.5000',
    occurredAt: at('08:00'),
    source: { system: 'erp', documentId: 'GRN-1' },
  };
  const sale = (movementId: string, quantity: number, time: string): InventoryMovementV1 => ({
    movementId,
    kind: 'sale',
    sku: 'TEA',
    locationId: 'S1',
    quantity,
    occurredAt: at(time),
    source: { system: 'pos', storeId: 'S1', terminalId: 'T1', transactionId: movementId, lineNumber: 1 },
  });

  it('sums the movements dated up to the time, a late one at its own time', async () => {
    await writer.applyBatch([{ movement: receipt }]);
    await writer.applyBatch([{ movement: sale('sale-10h', 3, '10:00') }]);
    // Applied after the 10:00 sale, dated before it: an offline till catching up.
    await writer.applyBatch([{ movement: sale('sale-9h-late', 2, '09:00') }]);

    const onHandAt = async (time: string) => (await stock.stockAsOf('TEA', 'S1', new Date(at(time)))).onHand;
    expect(await onHandAt('07:59')).toBe(0);
    expect(await onHandAt('08:30')).toBe(10);
    expect(await onHandAt('09:30')).toBe(8);
    expect(await stock.stockAsOf('TEA', 'S1', new Date(at('11:00')))).toMatchObject({ onHand: 5, inventoryValue: '12.5000', movements: 3 });
  });

  it('compares a count with the book quantity as of its own time', async () => {
    // At 09:30 the book says 8 (10 received, 2 sold at 09:00); the shelf held 7.
    const count: InventoryMovementV1 = {
      movementId: 'count-930',
      kind: 'count',
      sku: 'TEA',
      locationId: 'S1',
      countId: 'CNT-1',
      countedQuantity: 7,
      occurredAt: at('09:30'),
      source: { system: 'ops', documentId: 'CNT-1' },
    };
    await writer.applyBatch([{ movement: count }]);
    const [variance]: Array<{ quantity_delta: string }> = await dataSource.query(
      `SELECT quantity_delta::text FROM inventory_ledger.movement WHERE movement_id = 'count-930:variance'`,
    );
    expect(variance?.quantity_delta).toBe('-1');
    expect((await stock.stockAsOf('TEA', 'S1', new Date(at('09:30')))).onHand).toBe(7);
    expect((await stock.stockOfSku('TEA'))[0]).toMatchObject({ onHand: 4 });
  });

  it('answers with the figures of a direct sum, for every time', async () => {
    const documented = { sku: 'TEA', locationId: 'S1', transferId: 'TR-1' };
    await writer.applyBatch([
      { movement: { ...receipt, movementId: 'grn-2', quantity: 20, unitCost: '3.1000', occurredAt: at('12:00') } },
      { movement: sale('sale-13h', 4, '13:00') },
      { movement: { ...documented, movementId: 'tr-out', kind: 'transfer-out', quantity: 2, toLocationId: 'S2', occurredAt: at('14:00'), source: { system: 'wms', documentId: 'TR-1' } } },
      {
        movement: {
          ...documented,
          movementId: 'tr-shipped',
          kind: 'transfer-shipped',
          quantity: 5,
          fromLocationId: 'S2',
          unitCost: '2.9000',
          occurredAt: at('13:15'),
          source: { system: 'ledger', documentId: 'TR-1' },
        },
      },
      { movement: { sku: 'TEA', locationId: 'S1', movementId: 'po-1', kind: 'order-placed', quantity: 30, purchaseOrderId: 'PO-1', occurredAt: at('12:10'), source: { system: 'erp', documentId: 'PO-1' } } },
      { movement: sale('sale-12h-late', 1, '12:30') },
    ]);
    const times = ['07:00', '08:00', '09:00', '09:30', '10:00', '11:59', '12:00', '12:10', '12:30', '13:00', '13:15', '13:30', '14:00', '23:00'];
    for (const time of times) {
      const [direct]: Array<Record<string, string>> = await dataSource.query(
        `SELECT COALESCE(SUM(quantity_delta), 0)::int AS "onHand", COALESCE(SUM(in_transit_delta), 0)::int AS "inTransit",
                COALESCE(SUM(on_order_delta), 0)::int AS "onOrder", COALESCE(SUM(value_delta), 0)::numeric(24,4)::text AS "inventoryValue",
                COALESCE(SUM(in_transit_value_delta), 0)::numeric(24,4)::text AS "inTransitValue", count(*)::int AS movements
           FROM inventory_ledger.movement WHERE sku = 'TEA' AND location_id = 'S1' AND occurred_at <= $1`,
        [at(time)],
      );
      expect(await stock.stockAsOf('TEA', 'S1', new Date(at(time)))).toEqual({ sku: 'TEA', locationId: 'S1', asOf: at(time), ...direct, reserved: 0 });
    }
    expect(await stock.stockAsOf('TEA', 'S1', new Date(at('23:00')))).toMatchObject({ inTransit: 5, onOrder: 30, inTransitValue: '14.5000' });
    expect(await stock.stockAsOf('UNKNOWN', 'S1', new Date(at('12:00')))).toMatchObject({ onHand: 0, inventoryValue: '0.0000', movements: 0 });
  });

  it('answers reserved as it stood after the last reservation change recorded by the time asked', async () => {
    const change = (seq: string, kind: string, quantity: number, reservedAfter: number, time: string) =>
      dataSource.query(
        `INSERT INTO inventory_ledger.reservation_event (reservation_id, kind, sku, location_id, quantity, reserved_after, on_hand_after, recorded_at)
         VALUES ($1, $2, 'TEA', 'S1', $3, $4, 10, $5)`,
        [seq, kind, quantity, reservedAfter, at(time)],
      );
    await change('res-a', 'granted', 3, 3, '09:10');
    await change('res-b', 'granted', 2, 5, '09:20');
    await change('res-a', 'released', 3, 2, '10:40');
    const reservedAt = async (time: string) => (await stock.stockAsOf('TEA', 'S1', new Date(at(time)))).reserved;
    expect([await reservedAt('09:00'), await reservedAt('09:10'), await reservedAt('09:30'), await reservedAt('10:39'), await reservedAt('23:00')]).toEqual([0, 3, 5, 5, 2]);
  });

  it("reads only the movements recorded since the time asked, from the key's version index", async () => {
    // A key with a long history, one movement an hour: receipts, then sales.
    const hour = (index: number) => new Date(Date.UTC(2026, 10, 1) + index * 3_600_000).toISOString();
    await writer.applyBatch(
      Array.from({ length: 300 }, (_, index) => ({
        movement:
          index % 10 === 0
            ? { ...receipt, movementId: `long-grn-${index}`, sku: 'LONG', quantity: 10, occurredAt: hour(index) }
            : { ...sale(`long-sale-${index}`, 1, '00:00'), sku: 'LONG', occurredAt: hour(index) },
      })),
    );
    const examined = async (asOf: string) => {
      const [explained]: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> = await dataSource.query(
        `EXPLAIN (ANALYZE, FORMAT JSON) SELECT SUM(m.quantity_delta) FROM ${movementsDatedAfter('inventory_ledger.movement', '$1', '$2', '$3::timestamptz')}`,
        ['LONG', 'S1', asOf],
      );
      // The movement table is partitioned by month (migration 1767000000000): each of the two
      // walks reads every attached month's copy of the version index, and only that.
      const scans = flatten(explained!['QUERY PLAN'][0]!.Plan).filter((node) => node['Relation Name']?.startsWith('movement'));
      expect(scans.length).toBeGreaterThanOrEqual(2);
      for (const node of scans) expect(`${node['Node Type']} ${node['Index Name']}`).toMatch(/^Index Only Scan movement_\w*(one_version_per_key|sku_location_id_balance_version\w*_key)$/);
      return scans.reduce((sum, node) => sum + node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0), 0);
    };
    // Three movements dated after the time: a handful of index entries, not 300.
    expect(await examined(hour(296))).toBeLessThanOrEqual(8);
    expect(await stock.stockAsOf('LONG', 'S1', new Date(hour(296)))).toMatchObject({ movements: 297 });
    // Far back: at most the key's own entries.
    expect(await examined(hour(5))).toBeLessThanOrEqual(2 * 300);
  });

  it('pages the history by balance version through the unique key index', async () => {
    const first = await stock.history('TEA', 'S1', 3);
    const rest = await stock.history('TEA', 'S1', 100, first.nextBeforeVersion ?? undefined);
    const versions = [...first.items, ...rest.items].map((item: { balanceVersion: number }) => item.balanceVersion);
    const [balance]: Array<{ version: number }> = await dataSource.query(`SELECT version::int FROM inventory_ledger.stock_balance WHERE sku = 'TEA' AND location_id = 'S1'`);
    expect(versions).toEqual(Array.from({ length: balance!.version }, (_, index) => balance!.version - index));
    const plan = await dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      const rows: Array<{ 'QUERY PLAN': string }> = await manager.query(
        `EXPLAIN SELECT movement_id FROM inventory_ledger.movement WHERE sku = $1 AND location_id = $2 AND balance_version < $3 ORDER BY balance_version DESC LIMIT 3`,
        ['TEA', 'S1', 5],
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    // A keyset page: each month's copy of the version index walked backwards from the version
    // asked and merged in order, stopped at the limit, no sort.
    expect(plan).toMatch(/Index Scan Backward using movement_\w*sku_location_id_balance_version\w*_key/);
    expect(plan).not.toMatch(/Sort {2}\(cost/);
  });

  it('returns each payload in the history exactly as it was received', async () => {
    const history = await stock.history('TEA', 'S1', 100);
    const receipts = history.items.filter((item: { movementId: unknown }) => item.movementId === 'grn-1');
    expect(receipts).toHaveLength(1);
    const [stored]: Array<{ payload: string }> = await dataSource.query(`SELECT payload::text AS payload FROM inventory_ledger.movement WHERE movement_id = 'grn-1'`);
    // The text as written, key order included (jsonb would have reordered the keys).
    expect(stored?.payload).toBe(JSON.stringify(receipt));
    expect(receipts[0]).toMatchObject({ payload: receipt });
  });
});
