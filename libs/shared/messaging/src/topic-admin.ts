// Services create the topics they own at start (idempotently), with the partition count and
// cleanup policy the contracts declare; nothing relies on broker auto-creation.
import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions: number;
  compacted?: boolean;
  replicationFactor?: number;
}

export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter(({ topic }) => !existing.has(topic));
    if (missing.length === 0) return [];
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map(({ topic, partitions, compacted, replicationFactor = 1 }) => ({
          topic,
          numPartitions: partitions,
          replicationFactor,
          configEntries: compacted
            ? [
                { name: 'cleanup.policy', value: 'compact' },
                { name: 'min.cleanable.dirty.ratio', value: '0.1' },
                { name: 'segment.ms', value: '3600000' },
              ]
            : [],
        })),
      });
    } catch (error) {
      // Another instance may have created the same topics a moment earlier.
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    }
    return missing.map(({ topic }) => topic);
  } finally {
    await admin.disconnect();
  }
}
