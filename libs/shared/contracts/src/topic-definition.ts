// What the platform knows about a topic: its name and version, the schema of its record values,
// how records are keyed, how the topic is cleaned up, and who writes and reads it. The topic
// registry, the decoder and the AsyncAPI document are all built from these definitions.
import type { z } from 'zod';
import { envelopeSchema } from './envelope/envelope.schema';

export type CleanupPolicy = 'delete' | 'compact';

/** Services of the platform and the outside systems they talk to, as named in the AsyncAPI document. */
export type Participant =
  | 'pos'
  | 'pos-ingestion'
  | 'inventory-ledger'
  | 'reorder-forecasting'
  | 'ops-dashboard'
  | 'erp'
  | 'wms'
  | 'store-ops';

export interface TopicExample<TValue> {
  readonly name: string;
  readonly summary: string;
  readonly value: TValue;
}

export interface TopicDefinition<
  TName extends string = string,
  TPayload extends z.ZodType = z.ZodType,
  TValue extends z.ZodType = z.ZodType,
  TType extends string = string,
  TVersion extends number = number,
> {
  readonly name: TName;
  readonly version: TVersion;
  readonly eventType: TType;
  readonly description: string;
  readonly cleanupPolicy: CleanupPolicy;
  /** False only for topics written by systems outside the platform (raw POS intake). */
  readonly enveloped: boolean;
  readonly payloadSchema: TPayload;
  /** Schema of the whole record value: the envelope, or the bare payload when not enveloped. */
  readonly valueSchema: TValue;
  readonly keyDescription: string;
  /** Record key for a payload; null only where the original record had none (dead letters). */
  keyOf(payload: z.output<TPayload>): string | null;
  /** Topic that receives the records of this one that cannot be processed. */
  readonly deadLetterTopic: string | null;
  readonly producers: readonly Participant[];
  readonly consumers: readonly Participant[];
  readonly examples: readonly TopicExample<z.input<TValue>>[];
}

interface TopicSpec<TName extends string, TType extends string, TPayload extends z.ZodType> {
  readonly name: TName;
  readonly eventType: TType;
  readonly description: string;
  readonly cleanupPolicy: CleanupPolicy;
  readonly payloadSchema: TPayload;
  readonly keyDescription: string;
  keyOf(payload: z.output<TPayload>): string | null;
  readonly deadLetterTopic?: string;
  readonly producers: readonly Participant[];
  readonly consumers: readonly Participant[];
}

/** The version is part of every topic name (`inventory.movements.v1`); read it from there. */
function versionOf(name: string): 1 {
  if (!name.endsWith('.v1')) throw new Error(`Topic ${name} must end with its version, .v1`);
  return 1;
}

export type EventTopicValueSchema<TType extends string, TPayload extends z.ZodType> = ReturnType<
  typeof envelopeSchema<TType, 1, TPayload>
>;

type ExampleEnvelopeBuilder<TType extends string, TPayload extends z.ZodType> = (
  name: string,
  payload: z.input<TPayload>,
  meta: { readonly occurredAt: string; readonly producer?: Participant },
) => z.input<EventTopicValueSchema<TType, TPayload>>;

/** A topic whose values are enveloped events produced inside the platform. */
export function defineEventTopic<TName extends string, TType extends string, TPayload extends z.ZodType>(
  spec: TopicSpec<TName, TType, TPayload>,
  examples: (valueOf: ExampleEnvelopeBuilder<TType, TPayload>) => readonly TopicExample<z.input<EventTopicValueSchema<TType, TPayload>>>[],
): TopicDefinition<TName, TPayload, EventTopicValueSchema<TType, TPayload>, TType, 1> {
  const version = versionOf(spec.name);
  // Example ids are fixed so that the generated AsyncAPI document is reproducible.
  const exampleValue: ExampleEnvelopeBuilder<TType, TPayload> = (name, payload, meta) => {
    const eventId = `${spec.eventType}:example:${name}`;
    return {
      eventId,
      eventType: spec.eventType,
      schemaVersion: version,
      occurredAt: meta.occurredAt,
      correlationId: eventId,
      causationId: null,
      producer: meta.producer ?? spec.producers[0] ?? 'erp',
      payload,
    };
  };
  return {
    ...spec,
    version,
    enveloped: true,
    deadLetterTopic: spec.deadLetterTopic ?? null,
    valueSchema: envelopeSchema(spec.eventType, version, spec.payloadSchema),
    examples: examples(exampleValue),
  };
}

/** A topic written by systems outside the platform, whose values are the bare payload. */
export function defineRawTopic<TName extends string, TType extends string, TPayload extends z.ZodType>(
  spec: TopicSpec<TName, TType, TPayload>,
  examples: readonly TopicExample<z.input<TPayload>>[],
): TopicDefinition<TName, TPayload, TPayload, TType, 1> {
  return {
    ...spec,
    version: versionOf(spec.name),
    enveloped: false,
    deadLetterTopic: spec.deadLetterTopic ?? null,
    valueSchema: spec.payloadSchema,
    examples,
  };
}
