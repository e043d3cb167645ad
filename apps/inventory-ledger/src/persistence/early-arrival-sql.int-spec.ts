// The early arrivals a late shipment corrects, read from the real database by the writer: the
// worked example of docs/valuation.md across batches (the one unit left of ten takes its share,
// the nine sold the rest),
// and a long history of arrivals ahead of their shipments, sales, returns and receipts, applied in
// batches of every size, whose rows must equal, to the ten-thousandth, those of the in-memory
// ledger that holds the whole history; and an arrival never matched, followed by a long history:
// the key's open arrivals, kept in early_arrival by the batch writes, equal the in-memory ledger's,
// the history checker finds a row that differs, and the migration, run again on the ledger without
// the table, gives the same rows from the movements.
import type { Client } from 'pg';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { applyAllOnce, earlyArrivalsIn, emptyLedger, type InMemoryLedger } from '@ledgerline/inventory-domain';
import { checkLedgerInvariants, earlyArrivalViolations } from '@ledgerline/history-checker';
import { divideRounded, formatMoney, parseMoney } from '@ledgerline/money';
import { DEFAULT_VALUATION_CURRENCY } from '../config/ledger.config';
import { LedgerWriter } from '../ledger/ledger-writer';
import { toDomainMovement } from '../ledger/movement-mapper';
import { migrateServiceDatabase } from '@ledgerline/runtime';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { BUSINESS_TIME as at, openWriterDatabase, storeReceipt as receipt, storeSale as sale, STORE_ID, type WriterDatabase } from '../../test/writer-database';

jest.setTimeout(120_000);

describe('late shipments find the early arrivals they correct (real PostgreSQL)', () => {
  let opened: WriterDatabase;
  let db: Client;

  beforeAll(async () => {
    opened = await openWriterDatabase('ledger-early-arrivals');
    db = opened.db;
  });

  afterAll(async () => {
    await opened?.close();
  });

  const saleReturn = (movementId: string, sku: string, quantity: number): InventoryMovementV1 => ({
    movementId, kind: 'return', sku, locationId: STORE_ID, quantity, occurredAt: at, source: { system: 'pos', storeId: STORE_ID, transactionId: movementId, lineNumber: 1 },
  });
  const arrival = (movementId: string, sku: string, quantity: number): InventoryMovementV1 => ({
    movementId, kind: 'transfer-in', sku, locationId: STORE_ID, quantity, transferId: `T-${movementId}`, fromLocationId: 'W1', occurredAt: at, source: { system: 'wms', documentId: movementId },
  });
  const shipment = (movementId: string, sku: string, quantity: number, totalCost: string): InventoryMovementV1 => ({
    movementId, kind: 'transfer-shipped', sku, locationId: STORE_ID, quantity, transferId: `T-${movementId}`, fromLocationId: 'W1',
    unitCost: formatMoney(divideRounded(parseMoney(totalCost), quantity)), totalCost, occurredAt: at, source: { system: 'ledger', documentId: movementId },
  });
  const shipmentRows = async (sku: string) =>
    (
      await db.query<{ movement_id: string; value_delta: string; in_transit_value_delta: string; cost_of_goods_sold: string }>(
        `SELECT movement_id, value_delta::text, in_transit_value_delta::text, cost_of_goods_sold::text FROM inventory_ledger.movement WHERE sku = $1 AND kind = 'transfer-shipped' ORDER BY balance_version`,
        [sku],
      )
    ).rows;

  /** Applies the history in batches of the sizes given, in turn. */
  async function applyInBatches(history: readonly InventoryMovementV1[], sizes: readonly number[]): Promise<void> {
    const writer = new LedgerWriter(opened.dataSource, 'inventory_ledger');
    for (let start = 0, index = 0; start < history.length; index += 1) {
      const size = sizes[index % sizes.length]!;
      await writer.applyBatch(history.slice(start, start + size).map((movement) => ({ movement })));
      start += size;
    }
  }
  const inMemory = (history: readonly InventoryMovementV1[]) => applyAllOnce(emptyLedger(), history.map((movement) => toDomainMovement(movement, DEFAULT_VALUATION_CURRENCY)));
  /** The shipment rows the in-memory ledger books, as shipmentRows reads them. */
  const shipmentRowsOf = (ledger: InMemoryLedger) =>
    ledger.entries
      .filter((entry) => entry.movement.kind === 'transfer-shipped')
      .map(({ movement, outcome }) => ({
        movement_id: movement.movementId,
        value_delta: formatMoney(outcome.valueDelta),
        in_transit_value_delta: formatMoney(outcome.inTransitValueDelta),
        cost_of_goods_sold: formatMoney(outcome.costOfGoodsSold),
      }));

  it('splits the correction of ten units received before their shipment, nine of them sold, across batches', async () => {
    const writer = new LedgerWriter(opened.dataSource, 'inventory_ledger');
    await writer.applyBatch([{ movement: receipt('r1', 'TEA', 10, '1.0000') }]);
    await writer.applyBatch([{ movement: arrival('i1', 'TEA', 10) }]);
    await writer.applyBatch([{ movement: sale('s1', 'TEA', 19) }]);
    await writer.applyBatch([{ movement: shipment('i1-shipped', 'TEA', 10, '30.0000') }]);
    expect(await shipmentRows('TEA')).toEqual([{ movement_id: 'i1-shipped', value_delta: '2.0000', in_transit_value_delta: '10.0000', cost_of_goods_sold: '18.0000' }]);
    const { rows } = await db.query(`SELECT on_hand, inventory_value::text, in_transit, in_transit_value::text FROM inventory_ledger.stock_balance WHERE sku = 'TEA'`);
    expect(rows).toEqual([{ on_hand: '1', inventory_value: '3.0000', in_transit: '0', in_transit_value: '0.0000' }]);
  });

  it('books what the in-memory ledger books for a long history, whatever the batches', async () => {
    const history: InventoryMovementV1[] = [receipt('c-r0', 'COCOA', 40, '1.3333')];
    for (let round = 0; round < 6; round += 1) {
      history.push(arrival(`c-i${round}`, 'COCOA', 7 + round));
      for (let n = 0; n < 80; n += 1) history.push(n % 3 === 2 ? saleReturn(`c-b${round}-${n}`, 'COCOA', 1) : sale(`c-s${round}-${n}`, 'COCOA', 1));
      history.push(receipt(`c-r${round + 1}`, 'COCOA', 30, `${2 + round}.0001`));
      // Every other round ships an arrival of two rounds before, in part: the hole is matched oldest first.
      if (round % 2 === 1) history.push(shipment(`c-t${round}`, 'COCOA', 5 + round, `${11 + round * 3}.0007`));
    }
    history.push(shipment('c-t-last', 'COCOA', 40, '77.7777'));
    await applyInBatches(history, [1, 7, 60, 3, 250]);
    const expected = shipmentRowsOf(inMemory(history));
    expect(expected.filter((row) => row.value_delta !== '0.0000' && row.cost_of_goods_sold !== '0.0000').length).toBeGreaterThan(1);
    expect(await shipmentRows('COCOA')).toEqual(expected);
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);
  });

  it('keeps an arrival never matched as a row, whatever follows it, and the migration finds the same rows from the movements', async () => {
    const history: InventoryMovementV1[] = [receipt('f-r0', 'FIG', 5, '1.0000'), arrival('f-i0', 'FIG', 4)];
    for (let n = 0; n < 1500; n += 1) history.push(n % 4 === 3 ? receipt(`f-r${n}`, 'FIG', 2, '1.2500') : sale(`f-s${n}`, 'FIG', 1));
    history.push(arrival('f-i1', 'FIG', 3), sale('f-s-last', 'FIG', 2), shipment('f-t1', 'FIG', 2, '2.5000'), receipt('f-r-last', 'FIG', 1, '1.0000'));
    await applyInBatches(history, [500, 1, 13, 250, 2]);
    const inMemoryLedger = inMemory(history);
    const open = earlyArrivalsIn(inMemoryLedger.entries).map(({ version, units, arrivedSince }) => ({ arrival_version: String(version), units: String(units), arrived_since: String(arrivedSince) }));
    const kept = async () =>
      (await db.query(`SELECT e.arrival_version::text, e.units::text, e.arrived_since::text FROM inventory_ledger.early_arrival e WHERE e.sku = 'FIG' ORDER BY e.arrival_version`)).rows;
    // The shipment matched 2 of the 4 units of the first arrival; the rest of it and the second arrival stay open.
    expect(open.map((row) => row.units)).toEqual(['2', '3']);
    expect(await kept()).toEqual(open);
    expect(await shipmentRows('FIG')).toEqual(shipmentRowsOf(inMemoryLedger));
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);

    // The checker sees a row that is not what the movements imply.
    await db.query(`UPDATE inventory_ledger.early_arrival SET arrived_since = arrived_since + 1 WHERE sku = 'FIG' AND arrival_version = $1`, [open[0]!.arrival_version]);
    expect(await earlyArrivalViolations(db, 'inventory_ledger')).toEqual([
      `early arrival of FIG@S1 at version ${open[0]!.arrival_version}: its movements imply 2 units, ${open[0]!.arrived_since} arrived since, the ledger keeps 2 units, ${Number(open[0]!.arrived_since) + 1} arrived since`,
    ]);

    // The migration run on a ledger that had no table: found from the movements, the same rows, and the grants back.
    await db.query(`DROP TABLE inventory_ledger.early_arrival`);
    await db.query(`DELETE FROM inventory_ledger.schema_migrations WHERE name = 'OpenEarlyArrivals1769600000000'`);
    const migrated = await migrateServiceDatabase(ledgerDatabaseOptions(ledgerConfigSchema.parse({ ...opened.database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '2' })));
    expect(migrated).toEqual(['OpenEarlyArrivals1769600000000']);
    expect(await kept()).toEqual(open);
    expect(await earlyArrivalViolations(db, 'inventory_ledger')).toEqual([]);
  });

  it('keeps the arrivals of a key that two writers change at once as the order they committed in implies', async () => {
    const writers = [new LedgerWriter(opened.dataSource, 'inventory_ledger'), new LedgerWriter(opened.dataSource, 'inventory_ledger')];
    await writers[0]!.applyBatch([{ movement: receipt('p-r0', 'PEAR', 20, '1.0000') }, { movement: arrival('p-i0', 'PEAR', 6) }]);
    const batches: InventoryMovementV1[][] = [];
    for (let n = 0; n < 24; n += 1) {
      const kind = n % 4;
      if (kind === 0) batches.push([arrival(`p-i${n + 1}`, 'PEAR', 2 + (n % 3)), sale(`p-s${n}`, 'PEAR', 1)]);
      else if (kind === 1) batches.push([receipt(`p-r${n + 1}`, 'PEAR', 3, '1.5000'), sale(`p-s${n}`, 'PEAR', 2)]);
      else if (kind === 2) batches.push([shipment(`p-t${n}`, 'PEAR', 3, '4.2000')]);
      else batches.push([sale(`p-s${n}`, 'PEAR', 1), saleReturn(`p-b${n}`, 'PEAR', 1)]);
    }
    await Promise.all(writers.map((writer, w) => (async () => {
      for (let index = w; index < batches.length; index += 2) await writer.applyBatch(batches[index]!.map((movement) => ({ movement })));
    })()));

    // Replayed in memory in the order the ledger applied them, the key gives the same shipments and open arrivals.
    const byId = new Map([receipt('p-r0', 'PEAR', 20, '1.0000'), arrival('p-i0', 'PEAR', 6), ...batches.flat()].map((movement) => [movement.movementId, movement]));
    const { rows: applied } = await db.query<{ movement_id: string }>(`SELECT movement_id FROM inventory_ledger.movement WHERE sku = 'PEAR' ORDER BY balance_version`);
    const inMemoryLedger = inMemory(applied.map(({ movement_id }) => byId.get(movement_id)!));
    expect(await shipmentRows('PEAR')).toEqual(shipmentRowsOf(inMemoryLedger));
    const { rows: kept } = await db.query(`SELECT e.arrival_version, e.units, e.arrived_since FROM inventory_ledger.early_arrival e WHERE e.sku = 'PEAR' ORDER BY e.arrival_version`);
    expect(kept.map((row) => ({ version: Number(row.arrival_version), units: Number(row.units), arrivedSince: Number(row.arrived_since) }))).toEqual(earlyArrivalsIn(inMemoryLedger.entries));
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);
  });
});
