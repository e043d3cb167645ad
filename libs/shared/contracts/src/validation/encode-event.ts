// The producing side of decodeEvent: a record key and a JSON value for a topic. Keys always come
// from the topic definition, so no producer can put one sku/location on two partitions.
import type { z } from 'zod';
import type { TopicDefinition } from '../topic-definition';

export interface EncodedRecord {
  readonly key: string | null;
  readonly value: string;
}

export function encodeEvent<T extends TopicDefinition>(topic: T, value: z.output<T['valueSchema']>): EncodedRecord {
  return { key: recordKey(topic, value), value: JSON.stringify(value) };
}

/** Key of a record value: computed from the payload inside the envelope, or from the bare value. */
export function recordKey<T extends TopicDefinition>(topic: T, value: z.output<T['valueSchema']>): string | null {
  const payload = topic.enveloped ? (value as { payload: z.output<T['payloadSchema']> }).payload : value;
  return topic.keyOf(payload as z.output<T['payloadSchema']>);
}
