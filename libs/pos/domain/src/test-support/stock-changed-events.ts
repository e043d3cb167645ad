// A stock-changed event as the ledger publishes it, for the specs of what the front door learns
// from the ledger (shipments, receipts). Test-only; not exported from the library.
import type { StockChangedV1 } from '@ledgerline/contracts';

export function stockChangedEvent(kind: StockChangedV1['kind'], movementId: string, locationId: string, quantityDelta: number, transfer: Partial<StockChangedV1> = {}): StockChangedV1 {
  return {
    movementId,
    kind,
    sku: 'TEA',
    locationId,
    quantityDelta,
    onHand: 10,
    inTransit: 0,
    onOrder: 0,
    inventoryValue: '10.0000',
    averageUnitCost: '1.0000',
    balanceVersion: 3,
    costOfGoodsSold: '0',
    occurredAt: '2026-12-01T08:00:00.000Z',
    appliedAt: '2026-12-01T08:00:01.000Z',
    ...transfer,
  };
}
