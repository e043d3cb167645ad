// Terse builders for hand-worked scenarios: every field the rules need, sensible defaults for the
// rest (SKU-1 at STORE-1), times in minutes after a fixed instant so examples read like a day.
import { parseMoney } from '@ledgerline/money';
import {
  AdjustmentMovement,
  CountMovement,
  LandedCostMovement,
  OrderCancelledMovement,
  OrderPlacedMovement,
  ReceiptMovement,
  ReturnMovement,
  SaleMovement,
  TransferInMovement,
  TransferOutMovement,
  TransferShippedMovement,
  VoidMovement,
} from '../src/index';

export const SKU = 'SKU-1';
export const STORE = 'STORE-1';
export const WAREHOUSE = 'WH-1';
export const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);

/** Business time `minutes` after T0. */
export const at = (minutes: number): number => T0 + minutes * 60_000;
/** Money from a decimal string, for readable expectations. */
export const money = parseMoney;

interface Common {
  readonly id: string;
  readonly minute?: number;
  readonly locationId?: string;
  readonly sku?: string;
}

function base(common: Common) {
  return { movementId: common.id, sku: common.sku ?? SKU, locationId: common.locationId ?? STORE, occurredAt: at(common.minute ?? 0) };
}

export const sale = (c: Common & { quantity: number }): SaleMovement => ({ kind: 'sale', ...base(c), quantity: c.quantity });
export const saleReturn = (c: Common & { quantity: number }): ReturnMovement => ({ kind: 'return', ...base(c), quantity: c.quantity });
export const voidOf = (c: Common & { quantity: number; voidedKind: 'sale' | 'return' }): VoidMovement => ({
  kind: 'void',
  ...base(c),
  quantity: c.quantity,
  voidedKind: c.voidedKind,
});
export const receipt = (c: Common & { quantity: number; unitCost: string; purchaseOrderId?: string }): ReceiptMovement => ({
  kind: 'receipt',
  ...base(c),
  quantity: c.quantity,
  unitCost: money(c.unitCost),
  ...(c.purchaseOrderId === undefined ? {} : { purchaseOrderId: c.purchaseOrderId }),
});
export const adjustment = (c: Common & { quantity: number; reasonCode?: string }): AdjustmentMovement => ({
  kind: 'adjustment',
  ...base(c),
  quantity: c.quantity,
  reasonCode: c.reasonCode ?? 'damaged',
});
export const transferOut = (c: Common & { quantity: number; toLocationId: string; transferId?: string }): TransferOutMovement => ({
  kind: 'transfer-out',
  ...base(c),
  quantity: c.quantity,
  transferId: c.transferId ?? 'TR-1',
  toLocationId: c.toLocationId,
});
export const transferShipped = (
  c: Common & { quantity: number; fromLocationId: string; unitCost: string; totalCost?: string; transferId?: string },
): TransferShippedMovement => ({
  kind: 'transfer-shipped',
  ...base(c),
  quantity: c.quantity,
  transferId: c.transferId ?? 'TR-1',
  fromLocationId: c.fromLocationId,
  unitCost: money(c.unitCost),
  ...(c.totalCost === undefined ? {} : { totalCost: money(c.totalCost) }),
});
export const transferIn = (c: Common & { quantity: number; fromLocationId: string; transferId?: string }): TransferInMovement => ({
  kind: 'transfer-in',
  ...base(c),
  quantity: c.quantity,
  transferId: c.transferId ?? 'TR-1',
  fromLocationId: c.fromLocationId,
});
export const count = (c: Common & { countedQuantity: number; countId?: string }): CountMovement => ({
  kind: 'count',
  ...base(c),
  countId: c.countId ?? 'COUNT-1',
  countedQuantity: c.countedQuantity,
});
export const orderPlaced = (c: Common & { quantity: number }): OrderPlacedMovement => ({ kind: 'order-placed', ...base(c), quantity: c.quantity });
export const orderCancelled = (c: Common & { quantity: number }): OrderCancelledMovement => ({
  kind: 'order-cancelled',
  ...base(c),
  quantity: c.quantity,
});

export const landedCost = (c: Common & { receiptMovementId: string; amount: string; costType?: string }): LandedCostMovement => ({
  kind: 'landed-cost',
  ...base(c),
  receiptMovementId: c.receiptMovementId,
  amount: money(c.amount),
  costType: c.costType ?? 'freight',
});

/** Runs `action` and returns what it threw, so tests can assert on error codes and fields. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}
