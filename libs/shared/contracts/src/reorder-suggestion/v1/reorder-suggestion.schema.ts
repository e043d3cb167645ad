// Reorder suggestion, v1: published by reorder-forecasting when the stock position falls to the
// reorder point (status open), when the advice changes (updated) and when a receipt or a
// recovery makes it moot (cleared). Compacted: the latest record per sku/location is the state.
import { z } from 'zod';
import { identifierSchema, locationIdSchema, skuSchema } from '../../primitives/identifier.schema';
import { nonNegativeQuantitySchema, signedQuantitySchema } from '../../primitives/quantity.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';

export const reorderSuggestionStatuses = ['open', 'updated', 'cleared'] as const;

/** Forecast figures are estimates, not ledger amounts, so they may be fractional numbers. */
const nonNegativeEstimate = z.number().min(0).max(1e12);

export const reorderSuggestionV1Schema = z.strictObject({
  suggestionId: identifierSchema,
  sku: skuSchema,
  locationId: locationIdSchema,
  status: z.enum(reorderSuggestionStatuses),
  stockPosition: signedQuantitySchema.describe('On hand + on order - committed when the suggestion was made'),
  reorderPoint: nonNegativeQuantitySchema,
  safetyStock: nonNegativeQuantitySchema,
  orderQuantity: nonNegativeQuantitySchema.describe('Suggested quantity, rounded to pack size and minimum order; 0 when cleared'),
  forecastDailyDemand: nonNegativeEstimate.describe('Forecast units per day'),
  leadTimeDays: nonNegativeEstimate.describe('Lead time used, in days'),
  method: z.string().min(1).max(64).describe('Forecasting method chosen for the series, e.g. "croston-sba"'),
  reason: z.string().min(1).max(1000).describe('Why the suggestion was raised, updated or cleared'),
  raisedAt: timestampSchema,
});

export type ReorderSuggestionStatus = (typeof reorderSuggestionStatuses)[number];
export type ReorderSuggestionV1 = z.output<typeof reorderSuggestionV1Schema>;
