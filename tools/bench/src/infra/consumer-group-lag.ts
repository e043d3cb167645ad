// How far a consumer group is behind on its topics, from the broker's committed offsets, as an
// operator's lag check reads it: a service has caught up when its group's lag is zero.
import type { Kafka } from 'kafkajs';

/** Records in `topics` after the group's committed offsets (from the start for a partition it has not committed). */
export async function consumerGroupLag(kafka: Kafka, groupId: string, topics: string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics });
    let lag = 0;
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const byPartition = new Map(committed.find((entry) => entry.topic === topic)?.partitions.map((partition) => [partition.partition, Number(partition.offset)]));
      for (const end of ends) {
        const position = byPartition.get(end.partition) ?? -1;
        lag += Number(end.high) - (position >= 0 ? position : Number(end.low));
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}
