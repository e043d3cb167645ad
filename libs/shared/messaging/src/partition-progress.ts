// How far a reader has applied a topic against the topic's own offsets. A reader that keeps its
// position (a consumer group's committed offsets, or positions stored with what it applied)
// names the next offset it will read, so a partition is applied up to its end once that offset
// reached the partition's high watermark, or when the partition holds nothing left to read.
import type { Admin, Kafka } from 'kafkajs';

/** One partition: its earliest and end offsets, and the reader's next offset (-1: none yet). */
export interface PartitionProgress {
  partition: number;
  low: string;
  high: string;
  applied: string;
}

/** The partitions not yet applied up to their end. Offsets are compared as integers, never as numbers. */
export function partitionsBehind(partitions: readonly PartitionProgress[]): number[] {
  return partitions
    .filter(({ low, high, applied }) => BigInt(high) > BigInt(low) && BigInt(applied) < BigInt(high))
    .map(({ partition }) => partition);
}

/** A topic's partitions with the offsets a reader must reach, read once. */
export interface TopicEnds {
  topic: string;
  partitions: Array<{ partition: number; low: string; high: string }>;
}

export async function topicEnds(admin: Admin, topics: readonly string[]): Promise<TopicEnds[]> {
  return Promise.all(
    topics.map(async (topic) => ({
      topic,
      partitions: (await admin.fetchTopicOffsets(topic)).map(({ partition, low, high }) => ({ partition, low, high })),
    })),
  );
}

/** The topics of `ends` a consumer group has not committed up to those ends. */
export async function topicsBehindGroup(admin: Admin, groupId: string, ends: readonly TopicEnds[]): Promise<string[]> {
  if (ends.length === 0) return [];
  const committed = await admin.fetchOffsets({ groupId, topics: ends.map(({ topic }) => topic) });
  return ends
    .filter(({ topic, partitions }) => {
      const offsets = new Map((committed.find((entry) => entry.topic === topic)?.partitions ?? []).map(({ partition, offset }) => [partition, offset]));
      return partitionsBehind(partitions.map((end) => ({ ...end, applied: offsets.get(end.partition) ?? '-1' }))).length > 0;
    })
    .map(({ topic }) => topic);
}

/** Consumer groups and the ends each must reach. */
export interface GroupAtEnds {
  groupId: string;
  ends: readonly TopicEnds[];
}

/**
 * Asks every `pollMs` until each group has committed up to its ends, for at most `timeoutMs` or
 * until `stopped()`: the topics still behind then (none once reached). Broker errors are thrown.
 */
export async function awaitGroupsAt(
  admin: Admin,
  groups: readonly GroupAtEnds[],
  { timeoutMs, pollMs = 200, stopped = () => false }: { timeoutMs: number; pollMs?: number; stopped?: () => boolean },
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const behind = (await Promise.all(groups.map(({ groupId, ends }) => topicsBehindGroup(admin, groupId, ends)))).flat();
    if (behind.length === 0 || stopped() || Date.now() >= deadline) return behind;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * One admin client connected on first use and kept; a failed connection is tried again at the next
 * use, as the brokers may answer then.
 */
export class SharedAdmin {
  private admin: Promise<Admin> | undefined;

  constructor(private readonly kafka: Kafka) {}

  connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined;
      throw error;
    });
    return this.admin;
  }

  async disconnect(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}
