// Reservation reply, v1: the ledger's answer to one reservation request, keyed by its requestId.
// done: what the request did (a reserve's lines, each granted with its reservation or refused
// with the available figure when partial; a reserve across locations' reservations, one per
// location taken from; the reservation after an extend, release or fulfil). refused: the code,
// field and reason the HTTP API gives with its 4xx (RESERVATION.*), and the available figure when
// there was not enough. A request delivered twice is answered twice, alike: whatever it did is
// recorded under its requestId and not done again.
import { z } from 'zod';
import { identifierSchema, locationIdSchema, skuSchema } from '../../primitives/identifier.schema';
import { nonNegativeQuantitySchema, signedQuantitySchema } from '../../primitives/quantity.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';
import { allocationRules, requestIdSchema, reservationChannelSchema } from '../../reservation-request/v1/reservation-request.schema';

export const reservationStatuses = ['open', 'released', 'expired', 'fulfilled'] as const;

export const reservationViewV1Schema = z.strictObject({
  reservationId: identifierSchema,
  sku: skuSchema,
  locationId: locationIdSchema,
  channel: reservationChannelSchema,
  quantity: nonNegativeQuantitySchema.describe('Units granted'),
  fulfilledQuantity: nonNegativeQuantitySchema,
  openQuantity: nonNegativeQuantitySchema.describe('Units it still holds: zero once it is no longer open'),
  status: z.enum(reservationStatuses),
  expiresAt: timestampSchema,
});

const lineBase = { line: nonNegativeQuantitySchema.describe('Index of the line in the request'), sku: skuSchema, locationId: locationIdSchema, quantity: z.number() };

export const reservationReplyV1Schema = z.strictObject({
  requestId: requestIdSchema,
  action: z.enum(['reserve', 'reserve-across-locations', 'extend', 'release', 'fulfil']),
  outcome: z.enum(['done', 'refused']),
  lines: z
    .array(
      z.discriminatedUnion('status', [
        z.strictObject({ ...lineBase, status: z.literal('granted'), reservation: reservationViewV1Schema }),
        z.strictObject({ ...lineBase, status: z.literal('refused'), available: signedQuantitySchema }),
      ]),
    )
    .optional()
    .describe('A reserve that was done: each line as decided'),
  allocation: z
    .strictObject({
      sku: skuSchema,
      quantity: nonNegativeQuantitySchema.describe('Units asked for'),
      granted: nonNegativeQuantitySchema.describe('Units granted in all; less than asked only when partial'),
      rule: z.enum(allocationRules),
      reservations: z.array(reservationViewV1Schema).describe('One per location taken from'),
    })
    .optional()
    .describe('A reserve across locations that was done'),
  reservation: reservationViewV1Schema.optional().describe('An extend, release or fulfil that was done: the reservation after it'),
  refusal: z
    .strictObject({
      code: z.string().regex(/^RESERVATION\.[A-Z_]+$/),
      message: z.string(),
      field: z.string().optional(),
      available: signedQuantitySchema.optional().describe('RESERVATION.INSUFFICIENT_AVAILABLE: how much could be promised'),
    })
    .optional(),
  answeredAt: timestampSchema.describe('When the ledger decided'),
});

export type ReservationViewV1 = z.output<typeof reservationViewV1Schema>;
export type ReservationReplyV1 = z.output<typeof reservationReplyV1Schema>;
