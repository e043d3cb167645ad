// Stock changed, v1: published by inventory-ledger once per applied movement, with the balance
// after it. balanceVersion counts applied movements per sku/location, so a consumer can tell a
// gap (missed event) from a duplicate (version already seen).
import { z } from 'zod';
import { identifierSchema, locationIdSchema, movementIdSchema, skuSchema } from '../../primitives/identifier.schema';
import { moneySchema, nonNegativeMoneySchema } from '../../primitives/money.schema';
import { nonNegativeQuantitySchema, positiveIntegerSchema, signedQuantitySchema } from '../../primitives/quantity.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';
import { inventoryMovementKinds } from '../../inventory-movement/v1/inventory-movement.schema';

/**
 * Balance fields shared with the stock-level snapshot. All quantities are signed: a sale is never
 * refused, and a transfer-in or cancellation may arrive before what it offsets.
 */
export const balanceFieldsV1 = {
  onHand: signedQuantitySchema,
  inTransit: signedQuantitySchema,
  onOrder: signedQuantitySchema,
  inventoryValue: moneySchema.describe('On-hand value at moving average cost; negative with negative stock'),
  averageUnitCost: nonNegativeMoneySchema.describe('Moving weighted average cost per unit'),
  balanceVersion: positiveIntegerSchema.describe('Increases by exactly 1 per applied movement of this sku/location'),
  reserved: nonNegativeQuantitySchema
    .optional()
    .describe('Held by open reservations after the movement (docs/reservations.md); reservation changes between movements are on inventory.reservations.v1'),
  available: signedQuantitySchema.optional().describe('On hand - reserved after the movement, before any channel safety buffer'),
};

export const stockChangedV1Schema = z.strictObject({
  movementId: movementIdSchema,
  kind: z.enum(inventoryMovementKinds),
  sku: skuSchema,
  locationId: locationIdSchema,
  quantityDelta: signedQuantitySchema.describe('Effect of the movement on on hand (the variance, for a count)'),
  ...balanceFieldsV1,
  costOfGoodsSold: moneySchema.describe('Cost of the units that left, "0" when none; negative when a void or return gives it back'),
  occurredAt: timestampSchema.describe('Business time of the movement'),
  appliedAt: timestampSchema.describe('When the ledger applied it'),
  // Added after the first release, so optional: events of transfers applied before they were
  // stated lack them, and every other kind never has them.
  transferId: identifierSchema.optional().describe('transfer-out, transfer-shipped and transfer-in: the transfer the movement belongs to'),
  fromLocationId: locationIdSchema
    .optional()
    .describe('transfer-shipped and transfer-in: where the units were shipped from (locationId is the destination)'),
});

export type StockChangedV1 = z.output<typeof stockChangedV1Schema>;
