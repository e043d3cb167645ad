// Services create the topics they own at start (idempotently), with the partition count and
// cleanup policy the contracts declare; nothing relies on broker auto-creation. Every topic,
// created here or found, must be as durable as the deployment requires (topic-durability.ts),
// or the service does not start.
import type { Admin, Kafka } from 'kafkajs';
import { assertDurable } from './topic-durability-check';
import { TopicDurabilityError, creationShortfall, durabilityConfigEntries, requiredDurability, type TopicDurabilitySettings } from './topic-durability';
import { raiseRetention } from './topic-retention';

export interface TopicSpec {
  topic: string;
  partitions: number;
  compacted?: boolean;
  /** Keep records at least this long (-1: forever), set at creation and raised on an existing topic. */
  retentionMs?: number;
}

export interface EnsureTopicsOptions {
  timeoutMs?: number;
  /** The deployment's replication settings; what is left out follows the cluster's size. */
  durability?: TopicDurabilitySettings;
}

export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], { timeoutMs = 30_000, durability }: EnsureTopicsOptions = {}): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    const required = requiredDurability(brokers.length, durability);
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter(({ topic }) => !existing.has(topic));
    // Missing from the answering broker's list, yet created earlier: in a cluster that broker may
    // not have learned of a topic created a moment ago, and the controller then refuses it as existing.
    let foundExisting: ReadonlySet<string> = new Set();
    if (missing.length > 0) {
      const shortfall = creationShortfall(required, brokers.length, missing.map(({ topic }) => topic));
      if (shortfall !== undefined) throw new TopicDurabilityError('KAFKA.DURABILITY_UNREACHABLE', [shortfall]);
      try {
        // Not kafkajs's own wait for leaders: it retries only "leader not available", and on a
        // loaded broker a topic created a moment ago (here or by another module starting at the
        // same time) can still be answered "does not host this topic-partition", which failed
        // the service's start. waitForLeaders below retries whatever the broker answers.
        await admin.createTopics({
          waitForLeaders: false,
          topics: missing.map(({ topic, partitions, compacted, retentionMs }) => ({
            topic,
            numPartitions: partitions,
            replicationFactor: required.replicationFactor,
            configEntries: [
              ...durabilityConfigEntries(required),
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
        foundExisting = new Set(topicsRefusedAsExisting(error) ?? missing.map(({ topic }) => topic));
      }
    }
    // A topic created a moment ago, here or elsewhere, may not have partition leaders yet, and a
    // consumer subscribing before they exist fails; wait until the broker serves every partition.
    await waitForLeaders(admin, specs.map(({ topic }) => topic), timeoutMs);
    // Also the topics created just now: another instance may have created them a moment earlier
    // under other settings.
    await whenEveryBrokerKnows(() => assertDurable(admin, specs.map(({ topic }) => topic), required), timeoutMs);
    // Topics that existed before (or were created elsewhere) may keep records for less time.
    await whenEveryBrokerKnows(
      () => raiseRetention(admin, specs.flatMap(({ topic, retentionMs }) => (retentionMs === undefined ? [] : [{ topic, retentionMs }]))),
      timeoutMs,
    );
    return missing.map(({ topic }) => topic).filter((topic) => !foundExisting.has(topic));
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

/** The topics a creation refused as already existing, when the error names them one by one. */
function topicsRefusedAsExisting(error: unknown): string[] | undefined {
  const nested = (error as { errors?: Array<{ topic?: unknown }> }).errors;
  if (!Array.isArray(nested) || nested.length === 0) return undefined;
  const topics = nested.map((entry) => entry.topic).filter((topic): topic is string => typeof topic === 'string');
  return topics.length === nested.length ? topics : undefined;
}

/**
 * Runs a request about topics again while a broker still answers that it does not know one: in a
 * cluster, the broker that answers (any of them) may not yet have the metadata of a topic created
 * a moment ago, even once the partition leaders serve it.
 */
async function whenEveryBrokerKnows<T>(request: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await request();
    } catch (error) {
      if ((error as { type?: unknown }).type !== 'UNKNOWN_TOPIC_OR_PARTITION' || Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
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
