// The body of PUT /v1/policies/:sku/:locationId: the policy fields to set for this item/location.
// A field left out follows the configured default, so an empty body resets the item to defaults.
import { z } from 'zod';
import { nonNegativeMoneySchema } from '@ledgerline/contracts';

export const policyBodySchema = z.strictObject({
  leadTimeDays: z.number().min(0).max(365).optional().describe('Configured replenishment lead time in days; the prior of lead-time learning'),
  leadTimeStdDevDays: z.number().min(0).max(365).optional().describe('Configured spread of the lead time in days'),
  serviceLevel: z.number().min(0.5).lt(1).optional().describe('Cycle service level: probability of no stock-out per replenishment cycle'),
  reviewPeriodDays: z.number().min(0).max(365).optional().describe('Days between reviews; 0 for continuous review'),
  packSize: z.int().min(1).max(1_000_000).optional().describe('Units per pack; orders are whole packs'),
  minimumOrderQuantity: z.int().min(0).max(1_000_000_000).optional().describe('Least quantity the supplier accepts'),
  orderingCost: nonNegativeMoneySchema.optional().describe('Fixed cost of placing one order'),
  holdingCostRate: z.number().min(0).max(10).optional().describe('Yearly holding cost as a share of the unit cost'),
  unitCost: nonNegativeMoneySchema.optional().describe('Purchase cost per unit'),
  orderQuantityRule: z.enum(['economic', 'order-up-to']).optional().describe('Economic order quantity, or order up to the reorder level'),
});

export type PolicyBody = z.output<typeof policyBodySchema>;
