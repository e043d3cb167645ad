// Example stock-changed event: the ledger applying the example sale of two bags of coffee.
import type { StockChangedV1 } from './stock-changed.schema';

export const stockChangedV1Example = {
  movementId: 'pos:S001:S001-T03-000418:1',
  kind: 'sale',
  sku: 'COFFEE-1KG',
  locationId: 'S001',
  quantityDelta: -2,
  onHand: 40,
  inTransit: 0,
  onOrder: 0,
  inventoryValue: '298.0000',
  averageUnitCost: '7.4500',
  costOfGoodsSold: '14.9000',
  occurredAt: '2025-03-01T10:30:00+01:00',
  appliedAt: '2025-03-01T09:30:00.412Z',
  balanceVersion: 17,
} satisfies StockChangedV1;
