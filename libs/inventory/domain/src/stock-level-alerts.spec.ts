// Stock-level alerts fire on crossings (low stock, stockout), and on every movement that lowers
// on hand below zero.
import { Movement, StockBalance, applyMovement, emptyBalance } from './index';
import { SKU, STORE, adjustment, receipt, sale, saleReturn } from '../test/movement-builders';

function alertKindsPerMovement(movements: Movement[], lowStockThreshold: number | null): string[][] {
  let balance: StockBalance = emptyBalance(SKU, STORE);
  return movements.map((movement) => {
    const outcome = applyMovement(balance, movement, { lowStockThreshold });
    balance = outcome.balance;
    return outcome.alerts.map((alert) => alert.kind);
  });
}

describe('stock-level alerts', () => {
  it('raises low stock once when on hand crosses below the threshold, and again after a refill', () => {
    const kinds = alertKindsPerMovement(
      [
        receipt({ id: 'r1', quantity: 7, unitCost: '1' }),
        sale({ id: 's1', quantity: 2 }), // 7 -> 5: at the threshold is not below it
        sale({ id: 's2', quantity: 1 }), // 5 -> 4: crosses
        sale({ id: 's3', quantity: 1 }), // 4 -> 3: already below
        receipt({ id: 'r2', quantity: 10, unitCost: '1' }), // 3 -> 13
        sale({ id: 's4', quantity: 11 }), // 13 -> 2: crosses again
      ],
      5,
    );
    expect(kinds).toEqual([[], [], ['low-stock'], [], [], ['low-stock']]);
  });

  it('raises stockout on reaching exactly zero from above, and negative stock on each lowering below zero', () => {
    const kinds = alertKindsPerMovement(
      [
        receipt({ id: 'r1', quantity: 1, unitCost: '1' }),
        sale({ id: 's1', quantity: 1 }), // 1 -> 0
        sale({ id: 's2', quantity: 1 }), // 0 -> -1
        sale({ id: 's3', quantity: 1 }), // -1 -> -2
        saleReturn({ id: 'x1', quantity: 1 }), // -2 -> -1: rising, no alert
        adjustment({ id: 'a1', quantity: 1 }), // -1 -> 0: from below, not a stockout
      ],
      null,
    );
    expect(kinds).toEqual([[], ['stockout'], ['negative-stock'], ['negative-stock'], [], []]);
  });

  it('raises every alert a single movement earns', () => {
    const kinds = alertKindsPerMovement([receipt({ id: 'r1', quantity: 6, unitCost: '1' }), sale({ id: 's1', quantity: 6 })], 3);
    expect(kinds[1]).toEqual(['stockout', 'low-stock']);
  });

  it('carries the threshold, the cause and the on hand after the movement', () => {
    const balance = { ...emptyBalance(SKU, STORE), onHand: 3 };
    const outcome = applyMovement(balance, sale({ id: 's9', quantity: 1, minute: 5 }), { lowStockThreshold: 3 });
    expect(outcome.alerts).toEqual([
      { kind: 'low-stock', threshold: 3, sku: SKU, locationId: STORE, causedByMovementId: 's9', occurredAt: outcome.balance.lastMovementAt, onHand: 2 },
    ]);
  });
});
