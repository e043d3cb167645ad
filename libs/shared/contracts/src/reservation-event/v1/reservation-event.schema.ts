// Reservation event, v1: every change of a reservation the ledger grants (docs/reservations.md),
// published once and in order per sku and location, with the key's reserved and on hand after it.
// Replaying a key's events from its first gives its balance's reserved: granted adds the
// quantity, expired, released, fulfilled and consumed take it away, extended leaves it.
import { z } from 'zod';
import { identifierSchema, locationIdSchema, movementIdSchema, skuSchema } from '../../primitives/identifier.schema';
import { nonNegativeQuantitySchema, positiveIntegerSchema, signedQuantitySchema } from '../../primitives/quantity.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';

export const reservationEventKinds = ['granted', 'extended', 'released', 'expired', 'fulfilled', 'consumed'] as const;

export const reservationEventV1Schema = z.strictObject({
  reservationId: identifierSchema,
  kind: z.enum(reservationEventKinds).describe('consumed: a sale or shipment naming the reservation took from it'),
  sku: skuSchema,
  locationId: locationIdSchema,
  quantity: nonNegativeQuantitySchema.describe("Units the change added to (granted) or took from (the others) the key's reserved; 0 for extended"),
  reservedAfter: nonNegativeQuantitySchema.describe('Reserved of the sku at the location after the change'),
  onHandAfter: signedQuantitySchema.describe('On hand of the sku at the location after the change'),
  availableAfter: signedQuantitySchema.describe('On hand - reserved after the change, before any channel safety buffer'),
  sequence: positiveIntegerSchema.describe("The ledger's number of the change: increases along a key's events"),
  movementId: movementIdSchema.optional().describe('The sale or shipment that took from the reservation (consumed)'),
  recordedAt: timestampSchema.describe('When the ledger committed the change'),
});

export type ReservationEventKind = (typeof reservationEventKinds)[number];
export type ReservationEventV1 = z.output<typeof reservationEventV1Schema>;
