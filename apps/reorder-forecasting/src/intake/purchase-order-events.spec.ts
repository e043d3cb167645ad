import { inventoryMovementV1Examples, type InventoryMovementV1 } from '@ledgerline/contracts';
import { purchaseOrderEventOf } from './purchase-order-events';

describe('purchase-order events from movements', () => {
  const examples = Object.values(inventoryMovementV1Examples) as InventoryMovementV1[];

  it('takes the order time from order-placed and the receipt time from receipts naming an order', () => {
    const placed = examples.find((movement) => movement.kind === 'order-placed')!;
    expect(purchaseOrderEventOf(placed)).toMatchObject({ purchaseOrderId: (placed as { purchaseOrderId: string }).purchaseOrderId, placedAt: new Date(placed.occurredAt), receivedAt: null });
    const receipt = { ...examples.find((movement) => movement.kind === 'receipt')!, purchaseOrderId: 'PO-9' } as InventoryMovementV1;
    expect(purchaseOrderEventOf(receipt)).toMatchObject({ purchaseOrderId: 'PO-9', placedAt: null, receivedAt: new Date(receipt.occurredAt) });
  });

  it('ignores receipts without an order and every other kind', () => {
    const receipt = examples.find((movement) => movement.kind === 'receipt')! as InventoryMovementV1 & { purchaseOrderId?: string };
    const { purchaseOrderId: _ignored, ...withoutOrder } = receipt;
    expect(purchaseOrderEventOf(withoutOrder as InventoryMovementV1)).toBeNull();
    for (const movement of examples.filter((example) => !['order-placed', 'receipt'].includes(example.kind))) {
      expect(purchaseOrderEventOf(movement)).toBeNull();
    }
  });
});
