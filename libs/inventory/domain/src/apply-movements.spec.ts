// The batch fold the ledger service runs per Kafka batch: order, same-key derivations, outbound
// derivations, per-key aggregation and de-duplication.
import { ApplyContext, KeyLayers, NO_LAYERS, StockBalance, applyMovements, balanceKey, emptyBalance, onHandAsOf } from './index';
import { SKU, STORE, WAREHOUSE, count, money, receipt, sale, transferOut } from '../test/movement-builders';

const storeKey = balanceKey({ sku: SKU, locationId: STORE });
const warehouseKey = balanceKey({ sku: SKU, locationId: WAREHOUSE });
const noContext = (): ApplyContext => ({});

describe('applyMovements', () => {
  it('values a key given layers first in, first out and every other key at moving average, in one batch', () => {
    const layers: KeyLayers = { onHand: [{ receivedAt: 1, units: 2, value: money('2') }, { receivedAt: 2, units: 2, value: money('6') }], inTransit: [] };
    const warehouseBefore: StockBalance = { ...emptyBalance(SKU, WAREHOUSE), onHand: 4, inventoryValue: money('8'), averageUnitCost: money('2'), version: 3 };
    const batch = applyMovements(
      new Map([[warehouseKey, warehouseBefore]]),
      [
        sale({ id: 's1', quantity: 1, locationId: WAREHOUSE }),
        transferOut({ id: 't1', quantity: 2, locationId: WAREHOUSE, toLocationId: STORE }),
        receipt({ id: 'r1', quantity: 2, unitCost: '1' }),
        sale({ id: 's2', quantity: 1 }),
      ],
      noContext,
      { fifoLayersOf: (movement) => (balanceKey(movement) === warehouseKey ? layers : undefined) },
    );
    const warehouse = batch.changes.get(warehouseKey);
    // Oldest first: the sale takes 1 at 1.00, the transfer the other 1.00 and one unit of the 3.00 layer.
    expect(warehouse).toMatchObject({ costOfGoodsSold: money('1'), after: { onHand: 1, inventoryValue: money('3') } });
    expect(warehouse?.layers).toEqual({ before: layers, after: { onHand: [{ receivedAt: 2, units: 1, value: money('3') }], inTransit: [] } });
    expect(batch.outbound).toMatchObject([
      { movementId: 't1:shipped', totalCost: money('4'), layers: [{ units: 1, totalCost: money('1'), receivedAt: 1 }, { units: 1, totalCost: money('3'), receivedAt: 2 }] },
    ]);
    const store = batch.changes.get(storeKey);
    expect(store?.layers).toBeUndefined();
    expect(store?.after).toMatchObject({ onHand: 1, inventoryValue: money('1') });
  });

  it('changes a key\'s method at a method change in its order, changing no figure, and values what follows by the new method', () => {
    const before: StockBalance = { ...emptyBalance(SKU, STORE), onHand: 4, inventoryValue: money('10'), averageUnitCost: money('2.5'), version: 2 };
    const toFifo = { movementId: 'm1', kind: 'valuation-method-change' as const, sku: SKU, locationId: STORE, occurredAt: 5, method: 'fifo' as const };
    const batch = applyMovements(new Map([[storeKey, before]]), [toFifo, receipt({ id: 'r1', quantity: 2, unitCost: '4' }), sale({ id: 's1', quantity: 5 })], noContext);
    const change = batch.changes.get(storeKey)!;
    expect(batch.entries[0]!.outcome).toMatchObject({ quantityDelta: 0, valueDelta: 0n, inTransitValueDelta: 0n, costOfGoodsSold: 0n, balance: { ...before, version: 3, lastMovementAt: 5 } });
    // Oldest first: the 4 units held at the change (10.00), then 1 of the receipt's (4.00).
    expect(change).toMatchObject({ valuationMethod: 'fifo', costOfGoodsSold: money('14'), after: { onHand: 1, inventoryValue: money('4') } });
    expect(change.layers).toEqual({ before: NO_LAYERS, after: { onHand: [{ receivedAt: expect.any(Number), units: 1, value: money('4') }], inTransit: [] } });

    const layers: KeyLayers = { onHand: [{ receivedAt: 1, units: 1, value: money('1') }, { receivedAt: 2, units: 2, value: money('5') }], inTransit: [] };
    const fifoBefore: StockBalance = { ...emptyBalance(SKU, STORE), onHand: 3, inventoryValue: money('6'), averageUnitCost: money('2'), version: 7 };
    const toAverage = { ...toFifo, movementId: 'm2', method: 'moving-average' as const };
    const back = applyMovements(new Map([[storeKey, fifoBefore]]), [toAverage, sale({ id: 's2', quantity: 1 })], noContext, { fifoLayersOf: () => layers });
    const backChange = back.changes.get(storeKey)!;
    expect(back.entries[0]!.outcome).toMatchObject({ valueDelta: 0n, costOfGoodsSold: 0n, balance: { onHand: 3, inventoryValue: money('6'), version: 8 } });
    // At the average now: 1 of 3 units worth 6.00.
    expect(backChange).toMatchObject({ valuationMethod: 'moving-average', costOfGoodsSold: money('2'), layers: { before: layers, after: NO_LAYERS } });
  });

  it('starts a new FIFO key from no layers', () => {
    const batch = applyMovements(new Map(), [receipt({ id: 'r1', quantity: 2, unitCost: '1.5' })], noContext, { fifoLayersOf: () => NO_LAYERS });
    expect(batch.changes.get(storeKey)?.layers?.after).toEqual({ onHand: [{ receivedAt: expect.any(Number), units: 2, value: money('3') }], inTransit: [] });
  });

  it('applies in order across keys, groups results per key and returns other-key derivations to publish', () => {
    const warehouseBefore: StockBalance = {
      ...emptyBalance(SKU, WAREHOUSE),
      onHand: 10,
      inventoryValue: money('30'),
      averageUnitCost: money('3'),
      version: 7,
    };
    const stored = new Map([[warehouseKey, warehouseBefore]]);
    const batch = applyMovements(
      stored,
      [
        receipt({ id: 'r1', quantity: 5, unitCost: '2' }),
        transferOut({ id: 't1', quantity: 4, locationId: WAREHOUSE, toLocationId: STORE }),
        sale({ id: 's1', quantity: 1 }),
        sale({ id: 's2', quantity: 2, locationId: WAREHOUSE }),
      ],
      noContext,
    );
    expect(batch.entries.map((entry) => entry.movement.movementId)).toEqual(['r1', 't1', 's1', 's2']);
    expect(batch.outbound).toMatchObject([{ movementId: 't1:shipped', locationId: STORE, totalCost: money('12') }]);

    const warehouse = batch.changes.get(warehouseKey);
    expect(warehouse?.before.version).toBe(7);
    expect(warehouse?.after).toMatchObject({ onHand: 4, inventoryValue: money('12'), version: 9 });
    expect(warehouse).toMatchObject({ quantityDelta: -6, valueDelta: money('-18'), costOfGoodsSold: money('6') });
    expect(warehouse?.entries.map((entry) => entry.movement.movementId)).toEqual(['t1', 's2']);

    const store = batch.changes.get(storeKey);
    expect(store?.before).toEqual(emptyBalance(SKU, STORE));
    expect(store).toMatchObject({ quantityDelta: 4, valueDelta: money('8'), costOfGoodsSold: money('2') });
    expect(stored.get(warehouseKey)?.version).toBe(7);
  });

  it('applies same-key derivations right after their cause, before the next movement', () => {
    const batch = applyMovements(
      new Map(),
      [
        receipt({ id: 'r1', quantity: 5, unitCost: '1', minute: 0 }),
        count({ id: 'c1', countedQuantity: 4, minute: 10 }),
        sale({ id: 's1', quantity: 1, minute: 20 }),
      ],
      (movement, _balance, earlierInBatch) => ({ onHandAsOfCount: onHandAsOf(earlierInBatch, movement.occurredAt) }),
    );
    expect(batch.entries.map((entry) => entry.movement.movementId)).toEqual(['r1', 'c1', 'c1:variance', 's1']);
    expect(batch.changes.get(storeKey)?.after.onHand).toBe(3);
  });

  it('passes the balance so far and the earlier entries of the same key to the context provider', () => {
    const seen: Array<[string, number, number]> = [];
    const movements = [
      receipt({ id: 'r1', quantity: 5, unitCost: '1' }),
      sale({ id: 'w1', quantity: 1, locationId: WAREHOUSE }),
      sale({ id: 's1', quantity: 2 }),
    ];
    applyMovements(new Map(), movements, (movement, balance, earlier) => {
      seen.push([movement.movementId, balance.onHand, earlier.length]);
      return {};
    });
    expect(seen).toEqual([
      ['r1', 0, 0],
      ['w1', 0, 0],
      ['s1', 5, 1],
    ]);
  });

  it('skips movements already applied and repeats within the batch', () => {
    const batch = applyMovements(
      new Map(),
      [receipt({ id: 'r1', quantity: 5, unitCost: '1' }), sale({ id: 'old', quantity: 1 }), receipt({ id: 'r1', quantity: 5, unitCost: '1' })],
      noContext,
      { isAlreadyApplied: (movementId) => movementId === 'old' },
    );
    expect(batch.skippedDuplicates).toEqual(['old', 'r1']);
    expect(batch.changes.get(storeKey)?.after).toMatchObject({ onHand: 5, version: 1 });
  });

  it('collects alerts from every movement in order', () => {
    const batch = applyMovements(new Map(), [sale({ id: 's1', quantity: 1 }), sale({ id: 's2', quantity: 1, locationId: WAREHOUSE })], noContext);
    expect(batch.alerts.map((alert) => [alert.kind, alert.causedByMovementId])).toEqual([
      ['negative-stock', 's1'],
      ['negative-stock', 's2'],
    ]);
  });
});
