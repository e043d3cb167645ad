// Example stock level: the balance after the example sale.
import type { StockLevelV1 } from './stock-level.schema';

export const stockLevelV1Example = {
  sku: 'COFFEE-1KG',
  locationId: 'S001',
  onHand: 40,
  inTransit: 0,
  onOrder: 0,
  inventoryValue: '298.0000',
  averageUnitCost: '7.4500',
  balanceVersion: 17,
  lastMovementId: 'pos:S001:S001-T03-000418:1',
  updatedAt: '2025-03-01T09:30:00.412Z',
} satisfies StockLevelV1;
