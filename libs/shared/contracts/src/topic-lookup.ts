// Finding a topic definition by name, and the types of what its records carry, so that
// `decodeEvent('inventory.movements.v1', raw)` is typed without naming schemas.
import type { z } from 'zod';
import { TOPIC_LIST, type KnownTopic, type TopicName } from './topics';

export type TopicByName<N extends TopicName> = Extract<KnownTopic, { name: N }>;
/** Payload of a topic's events (the bare value for raw topics). */
export type TopicPayload<N extends TopicName> = z.output<TopicByName<N>['payloadSchema']>;
/** What a record value of the topic decodes to: the envelope, or the bare payload. */
export type TopicValue<N extends TopicName> = z.output<TopicByName<N>['valueSchema']>;

const topicsByName = new Map<string, KnownTopic>(TOPIC_LIST.map((topic) => [topic.name, topic]));

export function isTopicName(name: string): name is TopicName {
  return topicsByName.has(name);
}

export function topicByName<N extends TopicName>(name: N): TopicByName<N> {
  const topic = topicsByName.get(name);
  if (topic === undefined) throw new Error(`Unknown topic ${name}`);
  return topic as TopicByName<N>;
}
