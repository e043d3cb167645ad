// Topics unique to one test, so test files never read each other's events.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin, type KafkaConfig } from 'kafkajs';
import { testKafkaBrokers } from './test-environment';

export interface TestTopicSpec {
  topic: string;
  partitions?: number;
  compacted?: boolean;
}

/** SASL and TLS settings of a test's own clients, on a broker with authentication on (none by default). */
export type TestClientSecurity = Pick<KafkaConfig, 'sasl' | 'ssl'>;

/** A short id unique to this run, for topic prefixes, consumer groups and client ids. */
export function uniqueTestId(label: string): string {
  return `${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export async function createTestTopics(specs: TestTopicSpec[], brokers = testKafkaBrokers(), security: TestClientSecurity = {}): Promise<void> {
  const admin = new Kafka({ ...security, clientId: uniqueTestId('test-admin'), brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    // Replicated as the services require by default on this cluster (requiredDurability in
    // @ledgerline/messaging, which this library cannot import), so a service started on a test
    // topic of a three-broker cluster finds it durable enough.
    const replicationFactor = Math.min((await admin.describeCluster()).brokers.length, 3);
    const durability = { replicationFactor, minInsyncReplicas: replicationFactor >= 3 ? 2 : 1 };
    await admin.createTopics({
      // kafkajs's own wait gives up on "does not host this topic-partition", which a loaded
      // broker can still answer for a topic created a moment ago; the loop below retries it.
      waitForLeaders: false,
      topics: specs.map(({ topic, partitions = 3, compacted = false }) => ({
        topic,
        numPartitions: partitions,
        replicationFactor: durability.replicationFactor,
        configEntries: [
          { name: 'min.insync.replicas', value: String(durability.minInsyncReplicas) },
          ...(compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
        ],
      })),
    });
    await waitForPartitionLeaders(admin, specs.map(({ topic }) => topic));
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTestTopics(topics: string[], brokers = testKafkaBrokers()): Promise<void> {
  const admin = new Kafka({ clientId: uniqueTestId('test-admin'), brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const toDelete = topics.filter((topic) => existing.has(topic));
    if (toDelete.length > 0) await admin.deleteTopics({ topics: toDelete });
  } finally {
    await admin.disconnect();
  }
}

async function waitForPartitionLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await admin.fetchTopicMetadata({ topics }).then(
      ({ topics: metadata }) => metadata.length === topics.length && metadata.every(({ partitions }) => partitions.length > 0 && partitions.every(({ leader }) => leader >= 0)),
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`Test topics ${topics.join(', ')} have no partition leaders after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
