// The early arrivals a late shipment corrects, read from the real database by the writer: the
// worked example of docs/valuation.md across batches (the one unit left of ten takes its share,
// the nine sold the rest),
// and a long history of arrivals ahead of their shipments, sales, returns and receipts, applied in
// batches of every size, whose rows must equal, to the ten-thousandth, those of the in-memory
// ledger that holds the whole history (the walk down the key's movements crosses several pages).
import type { Client } from 'pg';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { applyAllOnce, emptyLedger } from '@ledgerline/inventory-domain';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { divideRounded, formatMoney, parseMoney } from '@ledgerline/money';
import { DEFAULT_VALUATION_CURRENCY } from '../config/ledger.config';
import { LedgerWriter } from '../ledger/ledger-writer';
import { toDomainMovement } from '../ledger/movement-mapper';
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
    const sizes = [1, 7, 60, 3, 250];
    const writer = new LedgerWriter(opened.dataSource, 'inventory_ledger');
    for (let start = 0, index = 0; start < history.length; index += 1) {
      const size = sizes[index % sizes.length]!;
      await writer.applyBatch(history.slice(start, start + size).map((movement) => ({ movement })));
      start += size;
    }

    const inMemoryLedger = applyAllOnce(emptyLedger(), history.map((movement) => toDomainMovement(movement, DEFAULT_VALUATION_CURRENCY)));
    const expected = inMemoryLedger.entries
      .filter((entry) => entry.movement.kind === 'transfer-shipped')
      .map(({ movement, outcome }) => ({
        movement_id: movement.movementId,
        value_delta: formatMoney(outcome.valueDelta),
        in_transit_value_delta: formatMoney(outcome.inTransitValueDelta),
        cost_of_goods_sold: formatMoney(outcome.costOfGoodsSold),
      }));
    expect(expected.filter((row) => row.value_delta !== '0.0000' && row.cost_of_goods_sold !== '0.0000').length).toBeGreaterThan(1);
    expect(await shipmentRows('COCOA')).toEqual(expected);
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);
  });
});
