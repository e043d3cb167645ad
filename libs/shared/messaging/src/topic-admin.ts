// Services create the topics they own at start (idempotently), with the partition count and
// cleanup policy the contracts declare; nothing relies on broker auto-creation.
import type { Admin, Kafka } from 'kafkajs';
import { raiseRetention } from './topic-retention';

export interface TopicSpec {
  topic: string;
  partitions: number;
  compacted?: boolean;
  replicationFactor?: number;
  /** Keep records at least this long (-1: forever), set at creation and raised on an existing topic. */
  retentionMs?: number;
}

export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], { timeoutMs = 30_000 } = {}): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter(({ topic }) => !existing.has(topic));
    if (missing.length > 0) {
      try {
        // Not kafkajs's own wait for leaders: it retries only "leader not available", and on a
        // loaded broker a topic created a moment ago (here or by another module starting at the
        // same time) can still be answered "does not host this topic-partition", which failed
        // the service's start. waitForLeaders below retries whatever the broker answers.
        await admin.createTopics({
          waitForLeaders: false,
          topics: missing.map(({ topic, partitions, compacted, retentionMs, replicationFactor = 1 }) => ({
            topic,
            numPartitions: partitions,
            replicationFactor,
            configEntries: [
              ...(compacted
                ? [
                    { name: 'cleanup.policy', value: 'compact' },
                    { name: 'min.cleanable.dirty.ratio', value: '0.1' },
                    { name: 'segment.ms', value: '3600000' },
                  ]
                : []),
              ...(retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(retentionMs) }]),
            ],
          })),
        });
      } catch (error) {
        // Another instance (or another module of this one) may have created some of the same
        // topics a moment earlier; anything else is a real failure.
        if (!onlyAlreadyExists(error)) throw error;
      }
    }
    // A topic created a moment ago, here or elsewhere, may not have partition leaders yet, and a
    // consumer subscribing before they exist fails; wait until the broker serves every partition.
    await waitForLeaders(admin, specs.map(({ topic }) => topic), timeoutMs);
    // Topics that existed before (or were created elsewhere) may keep records for less time.
    await raiseRetention(
      admin,
      specs.flatMap(({ topic, retentionMs }) => (retentionMs === undefined ? [] : [{ topic, retentionMs }])),
    );
    return missing.map(({ topic }) => topic);
  } finally {
    await admin.disconnect();
  }
}

function onlyAlreadyExists(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const nested = (error as Error & { errors?: Array<{ type?: string; message?: string }> }).errors;
  if (Array.isArray(nested) && nested.length > 0) {
    return nested.every((entry) => entry.type === 'TOPIC_ALREADY_EXISTS' || /already exists/i.test(entry.message ?? ''));
  }
  return /already exists/i.test(error.message) || (error as Error & { type?: string }).type === 'TOPIC_ALREADY_EXISTS';
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const ready = metadata.length === topics.length && metadata.every(({ partitions }) => partitions.length > 0 && partitions.every(({ leader }) => leader >= 0));
      if (ready) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`Topics ${topics.join(', ')} have no partition leaders after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
