// Purchase order cost, v1: freight, duty or a price difference an ERP posts for a whole purchase
// order, keyed `po:<purchaseOrderId>` on inventory.purchase-order-costs.v1. The ledger shares it
// over the order's receipts it holds, by the value each booked, and derives one landed-cost
// movement per receipt on inventory.movements.v1 (docs/valuation.md, "Costs of a whole purchase order").
import { z } from 'zod';
import { identifierSchema } from '../../primitives/identifier.schema';
import { currencySchema, exchangeRateSchema, moneySchema } from '../../primitives/money.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';
import { landedCostTypes } from '../../inventory-movement/v1/inventory-movement.schema';
import { movementSourceV1Schema } from '../../inventory-movement/v1/movement-source.schema';

export const purchaseOrderCostV1Schema = z.strictObject({
  costId: identifierSchema.describe('Names this cost for good: the same id again is the same cost; its landed costs are `<costId>:<receiptMovementId>`'),
  purchaseOrderId: identifierSchema.describe('The purchase order whose receipts the cost is shared over'),
  amount: moneySchema
    .refine((amount) => /[1-9]/.test(amount), { error: 'must not be zero: a purchase order cost changes what its receipts cost' })
    .meta({ not: { pattern: '^-?0*(\\.0*)?$' } })
    .describe('The whole cost for the order, in `currency`; negative lowers it (a price correction)'),
  costType: z.enum(landedCostTypes),
  currency: currencySchema.optional().describe("Currency of amount; absent means the ledger's valuation currency"),
  exchangeRate: exchangeRateSchema.optional(),
  occurredAt: timestampSchema.describe('Business time of the cost: its landed costs are dated at it'),
  source: movementSourceV1Schema,
});

export type PurchaseOrderCostV1 = z.output<typeof purchaseOrderCostV1Schema>;

/** The record key: one order's costs share a partition, so they are applied in the order posted. */
export function purchaseOrderCostKey(purchaseOrderId: string): string {
  return `po:${purchaseOrderId}`;
}
