// Physical counts: the counted figure becomes the record as of the count time, sales after that
// time are kept, and movements that arrive late for a time the count already saw do not undo it.
import {
  InMemoryLedger,
  LedgerError,
  applyAllOnce,
  applyMovement,
  balanceOf,
  emptyBalance,
  emptyLedger,
  onHandAsOf,
} from './index';
import { SKU, STORE, at, count, money, receipt, sale, saleReturn, thrownBy, transferIn, WAREHOUSE } from '../test/movement-builders';

const store = (ledger: InMemoryLedger) => balanceOf(ledger, SKU, STORE);

/**
 * 08:00 receive 20 @ 1.00; 09:00 sell 2; count taken at 10:00 finds 15 (3 missing); 11:00 sell 4.
 * The count reaches the ledger at noon, after the 11:00 sale.
 */
function countedWhileSelling(): InMemoryLedger {
  return applyAllOnce(
    emptyLedger(),
    [
      receipt({ id: 'r1', quantity: 20, unitCost: '1.00', minute: 0 }),
      sale({ id: 's1', quantity: 2, minute: 60 }),
      sale({ id: 's2', quantity: 4, minute: 180 }),
      count({ id: 'c1', countId: 'CC-7', countedQuantity: 15, minute: 120 }),
    ],
    { lowStockThreshold: () => 5 },
  );
}

describe('a count while the store keeps selling', () => {
  it('posts counted - recorded-at-count-time as a count-variance adjustment dated at the count', () => {
    const ledger = countedWhileSelling();
    const variance = ledger.entries.find((entry) => entry.movement.movementId === 'c1:variance');
    expect(variance?.movement).toEqual({
      kind: 'adjustment',
      movementId: 'c1:variance',
      sku: SKU,
      locationId: STORE,
      occurredAt: at(120),
      causedByMovementId: 'c1',
      quantity: -3,
      reasonCode: 'count-variance',
    });
    expect(variance?.outcome).toMatchObject({ quantityDelta: -3, valueDelta: money('-3'), costOfGoodsSold: 0n });
  });

  it('keeps the sale made after the count: on hand = counted - later sales', () => {
    const ledger = countedWhileSelling();
    expect(store(ledger)).toMatchObject({ onHand: 11, inventoryValue: money('11'), lastCountAt: at(120), version: 5 });
    expect(onHandAsOf(ledger.entries, at(120))).toBe(15);
  });

  it('raises a count-variance alert with the variance and its value', () => {
    const alert = countedWhileSelling().alerts.find((candidate) => candidate.kind === 'count-variance');
    expect(alert).toEqual({
      kind: 'count-variance',
      sku: SKU,
      locationId: STORE,
      causedByMovementId: 'c1',
      occurredAt: at(120),
      onHand: 11,
      countId: 'CC-7',
      countedQuantity: 15,
      expectedQuantity: 18,
      variance: -3,
      varianceValue: money('-3'),
    });
  });

  it('raises no alert and derives nothing when the count agrees, but records the count time', () => {
    const ledger = applyAllOnce(emptyLedger(), [
      receipt({ id: 'r1', quantity: 20, unitCost: '1.00', minute: 0 }),
      count({ id: 'c1', countedQuantity: 20, minute: 30 }),
    ]);
    expect(ledger.entries.map((entry) => entry.movement.movementId)).toEqual(['r1', 'c1']);
    expect(ledger.alerts).toEqual([]);
    expect(store(ledger)).toMatchObject({ onHand: 20, lastCountAt: at(30) });
  });

  it('a count that finds an empty shelf raises a stockout through its variance', () => {
    const ledger = applyAllOnce(emptyLedger(), [
      receipt({ id: 'r1', quantity: 4, unitCost: '1.00', minute: 0 }),
      count({ id: 'c1', countedQuantity: 0, minute: 30 }),
    ]);
    expect(ledger.alerts.map((alert) => [alert.kind, alert.causedByMovementId])).toEqual([
      ['count-variance', 'c1'],
      ['stockout', 'c1:variance'],
    ]);
  });
});

describe('a movement arriving after a count already saw it', () => {
  it('is recorded with its cost, and a count-correction cancels its effect on hand', () => {
    // An offline till replays a sale made at 09:30, before the 10:00 count.
    const ledger = applyAllOnce(countedWhileSelling(), [sale({ id: 'late', quantity: 2, minute: 90 })]);
    const [late, correction] = ledger.entries.slice(-2);
    expect(late.movement.movementId).toBe('late');
    expect(late.outcome.costOfGoodsSold).toBe(money('2'));
    expect(correction.movement).toEqual({
      kind: 'adjustment',
      movementId: 'late:count-correction',
      sku: SKU,
      locationId: STORE,
      occurredAt: at(90),
      causedByMovementId: 'late',
      quantity: 2,
      reasonCode: 'count-correction',
    });
    expect(store(ledger)).toMatchObject({ onHand: 11, lastCountAt: at(120) });
    expect(onHandAsOf(ledger.entries, at(120))).toBe(15);
  });

  it('raises no stock-level alerts for the late movement or its correction', () => {
    const before = countedWhileSelling();
    const after = applyAllOnce(before, [sale({ id: 'late', quantity: 11, minute: 90 })]);
    expect(after.alerts).toEqual(before.alerts);
  });

  it('is treated as seen by the count when dated exactly at the count time', () => {
    const ledger = applyAllOnce(countedWhileSelling(), [saleReturn({ id: 'late', quantity: 1, minute: 120 })]);
    expect(ledger.entries.at(-1)?.movement).toMatchObject({ movementId: 'late:count-correction', quantity: -1 });
    expect(store(ledger).onHand).toBe(11);
  });

  it('moves in-transit stock on arrival even though on hand is corrected', () => {
    const ledger = applyAllOnce(countedWhileSelling(), [transferIn({ id: 'late-in', quantity: 3, fromLocationId: WAREHOUSE, minute: 100 })]);
    expect(store(ledger)).toMatchObject({ onHand: 11, inTransit: -3 });
  });

  it('is applied normally when dated after the count', () => {
    const ledger = applyAllOnce(countedWhileSelling(), [sale({ id: 's3', quantity: 1, minute: 121 })]);
    expect(ledger.entries.at(-1)?.movement.movementId).toBe('s3');
    expect(store(ledger).onHand).toBe(10);
  });
});

describe('count edge cases', () => {
  it('a count dated at or before the latest count is stale: recorded, derives nothing', () => {
    const ledger = applyAllOnce(countedWhileSelling(), [count({ id: 'c0', countedQuantity: 99, minute: 100 })]);
    expect(ledger.entries.at(-1)?.movement.movementId).toBe('c0');
    expect(store(ledger)).toMatchObject({ onHand: 11, lastCountAt: at(120) });
  });

  it('applyMovement uses the on hand as of the count that the caller supplies', () => {
    const balance = { ...emptyBalance(SKU, STORE), onHand: 7, averageUnitCost: money('2') };
    const outcome = applyMovement(balance, count({ id: 'c1', countedQuantity: 10, minute: 5 }), { onHandAsOfCount: 9 });
    expect(outcome).toMatchObject({ quantityDelta: 0, balance: { onHand: 7, lastCountAt: at(5), version: 1 } });
    expect(outcome.derived).toMatchObject([{ movementId: 'c1:variance', quantity: 1 }]);
    expect(outcome.alerts).toMatchObject([{ kind: 'count-variance', variance: 1, varianceValue: money('2'), onHand: 8 }]);
  });

  it('refuses a count without onHandAsOfCount with LEDGER.MISSING_CONTEXT', () => {
    const error = thrownBy(() => applyMovement(emptyBalance(SKU, STORE), count({ id: 'c1', countedQuantity: 1 })));
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ code: 'LEDGER.MISSING_CONTEXT', field: 'onHandAsOfCount' });
  });

  it('refuses a negative counted quantity', () => {
    const error = thrownBy(() => applyMovement(emptyBalance(SKU, STORE), count({ id: 'c1', countedQuantity: -1 }), { onHandAsOfCount: 0 }));
    expect(error).toMatchObject({ code: 'LEDGER.INVALID_MOVEMENT', field: 'countedQuantity' });
  });
});
