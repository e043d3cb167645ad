// The envelope every event value travels in. The payload is the contract; the envelope carries what
// lets a consumer de-duplicate (eventId), order by business time (occurredAt) and follow one POS
// transaction across services (correlationId, causationId).
import { z } from 'zod';
import { eventIdSchema, producerNameSchema } from '../primitives/identifier.schema';
import { timestampSchema } from '../primitives/timestamp.schema';

export const eventTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)*$/, { error: 'must be a dotted lower-case event type such as "inventory.movement"' });

const envelopeFields = {
  eventId: eventIdSchema.describe('Unique per event; deterministic when derived from another event'),
  occurredAt: timestampSchema.describe('Business time at the source, not the time the system saw it'),
  correlationId: eventIdSchema.describe('Shared by every event caused, directly or not, by one request'),
  causationId: eventIdSchema.nullable().describe('eventId of the event that caused this one; null at the start of a chain'),
  producer: producerNameSchema.describe('Service or system that produced the event'),
};

/** Envelope of one event type and version: `eventType` and `schemaVersion` are pinned. */
export function envelopeSchema<TType extends string, TVersion extends number, TPayload extends z.ZodType>(
  eventType: TType,
  schemaVersion: TVersion,
  payloadSchema: TPayload,
) {
  return z.strictObject({
    eventId: envelopeFields.eventId,
    eventType: z.literal(eventType),
    schemaVersion: z.literal(schemaVersion),
    occurredAt: envelopeFields.occurredAt,
    correlationId: envelopeFields.correlationId,
    causationId: envelopeFields.causationId,
    producer: envelopeFields.producer,
    payload: payloadSchema,
  });
}

/** Any envelope, payload unchecked: for routing and logging before the type is known. */
export const anyEnvelopeSchema = z.strictObject({
  ...envelopeFields,
  eventType: eventTypeSchema,
  schemaVersion: z.int().min(1),
  payload: z.unknown(),
});

export type AnyEnvelope = z.output<typeof anyEnvelopeSchema>;

/** The TypeScript shape of an envelope around `TPayload`, derived from the schema above. */
export type Envelope<TPayload, TType extends string = string, TVersion extends number = number> = z.output<
  ReturnType<typeof envelopeSchema<TType, TVersion, z.ZodType<TPayload>>>
>;
