// Example open reorder suggestion.
import type { ReorderSuggestionV1 } from './reorder-suggestion.schema';

export const reorderSuggestionV1Example = {
  suggestionId: 'COFFEE-1KG@S001:2025-03-01',
  sku: 'COFFEE-1KG',
  locationId: 'S001',
  status: 'open',
  stockPosition: 12,
  reorderPoint: 14,
  safetyStock: 5,
  orderQuantity: 36,
  forecastDailyDemand: 3.2,
  leadTimeDays: 3,
  method: 'holt-winters-weekly',
  reason: 'Stock position 12 fell to the reorder point 14',
  raisedAt: '2025-03-01T09:30:02.100Z',
} satisfies ReorderSuggestionV1;
