import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { applyMovements, balanceKey, emptyBalance, type StockBalance } from '@ledgerline/inventory-domain';
import { availabilityStepsOf } from './availability-steps';
import { toDomainMovement } from './movement-mapper';

const at = '2026-12-01T08:00:00.000Z';
const wire = (movementId: string, kind: 'receipt' | 'sale' | 'order-placed', quantity: number, reservationId?: string): InventoryMovementV1 => {
  if (kind === 'receipt') return { movementId, kind, sku: 'K', locationId: 'S1', quantity, unitCost: '1.0000', occurredAt: at, source: { system: 'erp', documentId: movementId } };
  if (kind === 'order-placed') return { movementId, kind, sku: 'K', locationId: 'S1', quantity, purchaseOrderId: 'PO-1', occurredAt: at, source: { system: 'erp', documentId: movementId } };
  return {
    movementId, kind, sku: 'K', locationId: 'S1', quantity, occurredAt: at,
    source: { system: 'pos', storeId: 'S1', terminalId: 'T1', transactionId: movementId, lineNumber: 1 },
    ...(reservationId === undefined ? {} : { reservationId }),
  };
};

function stepsOf(movements: InventoryMovementV1[], balance?: StockBalance) {
  const balances = new Map(balance === undefined ? [] : [[balanceKey(balance), balance]]);
  const outcome = applyMovements(balances, movements.map((movement) => toDomainMovement(movement, 'EUR')), () => ({ lowStockThreshold: null }));
  return availabilityStepsOf(outcome.changes.get('K@S1')!, new Map(movements.map((movement) => [movement.movementId, movement])));
}

describe('availabilityStepsOf', () => {
  it('gives each movement that changes on hand with the on hand after it, and the reservation a sale takes from', () => {
    const existing = { ...emptyBalance('K', 'S1'), onHand: 5, version: 3 };
    expect(stepsOf([wire('s-1', 'sale', 5, 'r-1'), wire('g-1', 'receipt', 2), wire('s-2', 'sale', 1)], existing)).toEqual([
      ['s-1', 0, 'r-1', 5],
      ['g-1', 2, null, null],
      ['s-2', 1, null, null],
    ]);
  });

  it("steps at a new key's first movement even when it leaves on hand as it was, and at no later one that does", () => {
    expect(stepsOf([wire('o-1', 'order-placed', 2), wire('o-2', 'order-placed', 1)])).toEqual([['o-1', 0, null, null]]);
    expect(stepsOf([wire('o-3', 'order-placed', 2)], { ...emptyBalance('K', 'S1'), onHand: 4, version: 1 })).toEqual([]);
  });
});
