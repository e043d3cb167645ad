// Example catalog item with a reorder policy.
import type { CatalogItemV1 } from './catalog-item.schema';

export const catalogItemV1Example = {
  sku: 'COFFEE-1KG',
  description: 'Espresso beans, 1 kg bag',
  unit: 'each',
  packSize: 6,
  lowStockThreshold: 6,
  active: true,
  reorderPolicy: {
    leadTimeDays: 3,
    serviceLevel: 0.95,
    reviewPeriodDays: 0,
    minimumOrderQuantity: 12,
    orderingCost: '25.00',
    holdingCostRate: 0.25,
  },
  updatedAt: '2025-02-20T08:00:00Z',
} satisfies CatalogItemV1;
