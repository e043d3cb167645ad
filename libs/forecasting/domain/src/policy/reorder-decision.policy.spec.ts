import { inventoryPosition, reorderDecision } from './reorder-decision.policy';

describe('reorderDecision', () => {
  // On hand 30 + on order 20 - committed 5 = position 45.
  const position = { onHand: 30, onOrder: 20, committed: 5 };

  it('computes the inventory position as on hand + on order - committed', () => {
    expect(inventoryPosition(position)).toBe(45);
  });

  it('does not order above the reorder point', () => {
    expect(reorderDecision(position, { reorderPoint: 44, orderQuantity: { kind: 'fixed-quantity', quantity: 40 } })).toEqual({
      inventoryPosition: 45,
      shouldOrder: false,
      quantity: 0,
      reason: 'above-reorder-point',
    });
  });

  it('orders one fixed lot, rounded to packs, at or below the reorder point', () => {
    // 45 <= 50: floor((50 - 45) / 40) + 1 = 1 lot of 40, in packs of 12 -> 48.
    expect(reorderDecision(position, { reorderPoint: 50, packSize: 12, orderQuantity: { kind: 'fixed-quantity', quantity: 40 } })).toEqual({
      inventoryPosition: 45,
      shouldOrder: true,
      quantity: 48,
      reason: 'at-or-below-reorder-point',
    });
    expect(reorderDecision(position, { reorderPoint: 45, orderQuantity: { kind: 'fixed-quantity', quantity: 40 } }).quantity).toBe(40);
  });

  it('orders enough lots to lift a deep shortfall above the reorder point', () => {
    // Position 5 - 40 = -35, reorder point 50: floor(85 / 40) + 1 = 3 lots = 120 -> position 85.
    const decision = reorderDecision({ onHand: 5, onOrder: 0, committed: 40 }, { reorderPoint: 50, orderQuantity: { kind: 'fixed-quantity', quantity: 40 } });
    expect(decision).toMatchObject({ inventoryPosition: -35, quantity: 120 });
  });

  it('orders up to the target level, then rounds to packs and the minimum order', () => {
    // 100 - 45 = 55 -> packs of 12: 60; with MOQ 72: 72.
    expect(reorderDecision(position, { reorderPoint: 50, packSize: 12, orderQuantity: { kind: 'order-up-to', level: 100 } }).quantity).toBe(60);
    expect(reorderDecision(position, { reorderPoint: 50, packSize: 12, minimumOrderQuantity: 72, orderQuantity: { kind: 'order-up-to', level: 100 } }).quantity).toBe(72);
  });

  it('orders nothing when the position already reaches the order-up-to level', () => {
    expect(reorderDecision(position, { reorderPoint: 45, orderQuantity: { kind: 'order-up-to', level: 45 } })).toMatchObject({ shouldOrder: false, reason: 'nothing-to-order' });
  });

  it('rejects a non-finite position or reorder point, naming the field', () => {
    expect(() => reorderDecision({ ...position, onOrder: Number.NaN }, { reorderPoint: 1, orderQuantity: { kind: 'order-up-to', level: 5 } })).toThrow('onOrder must be a finite number');
    expect(() => reorderDecision(position, { reorderPoint: Number.POSITIVE_INFINITY, orderQuantity: { kind: 'order-up-to', level: 5 } })).toThrow('reorderPoint');
    expect(() => reorderDecision(position, { reorderPoint: 50, orderQuantity: { kind: 'fixed-quantity', quantity: 0 } })).toThrow('orderQuantity.quantity must be a finite number > 0');
  });
});
