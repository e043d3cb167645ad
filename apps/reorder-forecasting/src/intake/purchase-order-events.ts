// Purchase-order facts in the movement stream, the raw material of lead-time learning: when an
// order was placed, and when the first receipt naming it arrived.
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import type { PurchaseOrderEvent } from '../persistence/demand-sql';

export function purchaseOrderEventOf(movement: InventoryMovementV1): PurchaseOrderEvent | null {
  const item = { sku: movement.sku, locationId: movement.locationId };
  const at = new Date(movement.occurredAt);
  if (movement.kind === 'order-placed') return { ...item, purchaseOrderId: movement.purchaseOrderId, placedAt: at, receivedAt: null };
  if (movement.kind === 'receipt' && movement.purchaseOrderId !== undefined) {
    return { ...item, purchaseOrderId: movement.purchaseOrderId, placedAt: null, receivedAt: at };
  }
  return null;
}
