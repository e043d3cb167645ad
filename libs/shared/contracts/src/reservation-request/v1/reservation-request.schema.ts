// Reservation request, v1: what an order system that speaks Kafka asks of the ledger's
// reservations (docs/reservations.md), the same four requests as the HTTP API: reserve lines,
// extend, release or fulfil a reservation. The requester names each request (requestId); the
// ledger answers every one on inventory.reservation-replies.v1 under the same key. A reserve's
// requestId is its idempotency key: sent again with the same body it answers the same grants,
// with another body it is refused. Shapes only here: quantities, expiries and unknown keys are the
// ledger's to judge, with the same codes and fields as over HTTP.
import { z } from 'zod';
import { identifierSchema, locationIdSchema, skuSchema } from '../../primitives/identifier.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';

export const requestIdSchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 visible ASCII characters')
  .describe("The requester's name of the request, answered under it; a reserve's idempotency key");

export const reservationChannelSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores')
  .describe('Sales channel; its safety buffer at each location is kept back');

const reserve = z.strictObject({
  action: z.literal('reserve'),
  requestId: requestIdSchema,
  channel: reservationChannelSchema.optional().describe('Sales channel; default `default`'),
  partial: z.boolean().optional().describe('false (default): every line or none; true: each line granted or refused on its own'),
  expiresAt: timestampSchema.optional().describe("When the hold lapses; default the ledger's RESERVATION_DEFAULT_HOLD_MS from its decision"),
  lines: z.array(z.strictObject({ sku: skuSchema, locationId: locationIdSchema, quantity: z.number().describe('Whole units, at least 1') })),
});

const reservationIdSchema = identifierSchema.describe('The reservation, as a reserve reply granted it');

export const reservationRequestV1Schema = z.discriminatedUnion('action', [
  reserve,
  z.strictObject({ action: z.literal('extend'), requestId: requestIdSchema, reservationId: reservationIdSchema, expiresAt: timestampSchema }),
  z.strictObject({ action: z.literal('release'), requestId: requestIdSchema, reservationId: reservationIdSchema }),
  z.strictObject({
    action: z.literal('fulfil'),
    requestId: requestIdSchema,
    reservationId: reservationIdSchema,
    quantity: z.number().optional().describe('Units taken; default all it still holds'),
  }),
]);

export type ReservationRequestV1 = z.output<typeof reservationRequestV1Schema>;
export type ReservationRequestAction = ReservationRequestV1['action'];
