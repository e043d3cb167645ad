// Builds envelopes for producers. Event ids are random unless the event derives from another one,
// in which case the producer passes a deterministic id (see derivedEventId) so that re-processing
// after a crash yields the same id and consumers drop the duplicate.
import { randomUUID } from 'node:crypto';
import type { Envelope } from './envelope.schema';

/** What an envelope needs to know about its contract; topic definitions satisfy it. */
export interface EnvelopeContract<TType extends string = string, TVersion extends number = number> {
  readonly eventType: TType;
  readonly version: TVersion;
}

export interface EnvelopeMetadata {
  readonly producer: string;
  /** Business time at the source, e.g. the movement's occurredAt. */
  readonly occurredAt: string;
  /** Defaults to a random UUID. */
  readonly eventId?: string;
  /** Defaults to this event's id, which starts a new chain; spread causedBy(cause) to continue one. */
  readonly correlationId?: string;
  /** eventId of the event that caused this one; null (the default) when nothing did. */
  readonly causationId?: string | null;
}

export function createEnvelope<TPayload, TType extends string, TVersion extends number>(
  contract: EnvelopeContract<TType, TVersion>,
  payload: TPayload,
  metadata: EnvelopeMetadata,
): Envelope<TPayload, TType, TVersion> {
  const eventId = metadata.eventId ?? randomUUID();
  return {
    eventId,
    eventType: contract.eventType,
    schemaVersion: contract.version,
    occurredAt: metadata.occurredAt,
    correlationId: metadata.correlationId ?? eventId,
    causationId: metadata.causationId ?? null,
    producer: metadata.producer,
    payload,
  };
}

/** Metadata for an event caused by `cause`: same correlation, causation pointing at it. */
export function causedBy(
  cause: Pick<Envelope<unknown>, 'eventId' | 'correlationId'>,
): Pick<EnvelopeMetadata, 'correlationId' | 'causationId'> {
  return { correlationId: cause.correlationId, causationId: cause.eventId };
}

/** Deterministic event id for an event derived from another record: `stock-changed:<movementId>`. */
export function derivedEventId(prefix: string, sourceId: string): string {
  return `${prefix}:${sourceId}`;
}
