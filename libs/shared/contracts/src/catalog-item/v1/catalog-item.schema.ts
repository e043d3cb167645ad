// Catalog item, v1: master data from the ERP on a compacted topic keyed by sku. An item is retired
// with active: false, not deleted, so history that mentions it stays readable.
import { z } from 'zod';
import { skuSchema } from '../../primitives/identifier.schema';
import { nonNegativeMoneySchema } from '../../primitives/money.schema';
import { nonNegativeQuantitySchema, positiveIntegerSchema } from '../../primitives/quantity.schema';
import { plainText } from '../../primitives/text.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';
import { valuationMethods } from '../../inventory-movement/v1/inventory-movement.schema';

export const MIN_SERVICE_LEVEL = 0.5;
export const MAX_SERVICE_LEVEL = 0.9999;

export const reorderPolicyV1Schema = z.strictObject({
  leadTimeDays: z.number().positive().max(365).describe('Days from order to receipt'),
  serviceLevel: z.number().min(MIN_SERVICE_LEVEL).max(MAX_SERVICE_LEVEL).describe('Target probability of not running out in a cycle'),
  reviewPeriodDays: z.number().min(0).max(365).describe('0 for continuous review'),
  minimumOrderQuantity: nonNegativeQuantitySchema,
  orderingCost: nonNegativeMoneySchema.optional().describe('Fixed cost per order, for the economic order quantity'),
  holdingCostRate: z.number().positive().max(10).optional().describe('Yearly holding cost as a fraction of unit cost, e.g. 0.25'),
});

export const catalogItemV1Schema = z.strictObject({
  sku: skuSchema,
  description: plainText(1, 500),
  unit: z.string().regex(/^[a-z][a-z0-9_-]{0,15}$/, { error: 'must be a lower-case unit of measure such as "each" or "g"' }),
  packSize: positiveIntegerSchema.describe('Units per pack; orders are rounded up to whole packs'),
  lowStockThreshold: nonNegativeQuantitySchema.describe('A low-stock alert is raised when on hand falls to or below it'),
  active: z.boolean(),
  reorderPolicy: reorderPolicyV1Schema.optional(),
  valuationMethod: z
    .enum(valuationMethods)
    .optional()
    .describe('How the ledger values the item at every location; absent means moving-average. A change applies from updatedAt, to each key in its order'),
  updatedAt: timestampSchema,
});

export type ReorderPolicyV1 = z.output<typeof reorderPolicyV1Schema>;
export type CatalogItemV1 = z.output<typeof catalogItemV1Schema>;
