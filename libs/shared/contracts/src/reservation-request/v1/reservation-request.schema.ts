// Reservation request, v1: what an order system that speaks Kafka asks of the ledger's
// reservations (docs/reservations.md), the same requests as the HTTP API: reserve lines, reserve
// a quantity of one SKU from the locations a rule picks, extend, release or fulfil a reservation.
// The requester names each request (requestId); the ledger answers every one on
// inventory.reservation-replies.v1 under the same key. The requestId is the request's idempotency
// key: sent again with the same body it is answered as the first time and changes nothing more,
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

export const allocationRules = ['most-available', 'priority'] as const;

/** What a reserve across locations names, the same over HTTP (POST /v1/reservations/across-locations). */
export const acrossLocationsFields = {
  sku: skuSchema,
  quantity: z.number().describe('Whole units, at least 1, taken from one or more locations'),
  locations: z
    .array(locationIdSchema)
    .optional()
    .describe('The locations to take from, in priority order for rule priority; absent (and no region): every location holding the SKU'),
  region: identifierSchema.optional().describe("A region of the catalog's locations instead of a list: its active locations (rule most-available; priority needs a list)"),
};

const reserveAcrossLocations = z.strictObject({
  action: z.literal('reserve-across-locations'),
  requestId: requestIdSchema,
  ...acrossLocationsFields,
  rule: z.enum(allocationRules).optional().describe('most-available (default): the locations with the most to promise first; priority: the order of locations'),
  channel: reservationChannelSchema.optional().describe('Sales channel; default `default`'),
  partial: z.boolean().optional().describe('false (default): the whole quantity or nothing; true: what the locations have, up to the quantity'),
  expiresAt: timestampSchema.optional().describe("When the holds lapse; default the ledger's RESERVATION_DEFAULT_HOLD_MS from its decision"),
});

const reservationIdSchema = identifierSchema.describe('The reservation, as a reserve reply granted it');

export const reservationRequestV1Schema = z.discriminatedUnion('action', [
  reserve,
  reserveAcrossLocations,
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
