// Example purchase order costs: sea freight for a whole order in US dollars, and a price correction.
import type { PurchaseOrderCostV1 } from './purchase-order-cost.schema';

export const purchaseOrderCostV1Examples = {
  freight: {
    costId: 'erp:FRT-2025-0412',
    purchaseOrderId: 'PO-7781',
    amount: '412.5000',
    costType: 'freight',
    currency: 'USD',
    exchangeRate: '0.9231',
    occurredAt: '2025-03-04T10:00:00.000Z',
    source: { system: 'erp', documentId: 'FRT-2025-0412' },
  },
  'price-correction': {
    costId: 'erp:INV-2025-0990:diff',
    purchaseOrderId: 'PO-7781',
    amount: '-38.0000',
    costType: 'price-correction',
    occurredAt: '2025-03-06T15:30:00.000Z',
    source: { system: 'erp', documentId: 'INV-2025-0990' },
  },
} satisfies Record<string, PurchaseOrderCostV1>;
