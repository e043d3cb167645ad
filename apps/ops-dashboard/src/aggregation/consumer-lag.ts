// Consumer lag from the broker's point of view: for each partition a group has committed on, the
// topic's end offset minus the committed offset. A partition the group has not committed yet
// counts from the start of the log, since that is what the group still has to read.

export interface PartitionEnds {
  readonly partition: number;
  readonly low: string;
  readonly high: string;
}

export interface CommittedOffset {
  readonly partition: number;
  /** "-1" when the group has no committed offset for the partition. */
  readonly offset: string;
}

export interface TopicLag {
  readonly topic: string;
  readonly lag: number;
  readonly partitions: number;
}

export function topicLag(topic: string, ends: readonly PartitionEnds[], committed: readonly CommittedOffset[]): TopicLag {
  const committedByPartition = new Map(committed.map((entry) => [entry.partition, BigInt(entry.offset)]));
  let lag = 0n;
  for (const end of ends) {
    const high = BigInt(end.high);
    const offset = committedByPartition.get(end.partition) ?? -1n;
    const position = offset < 0n ? BigInt(end.low) : offset;
    if (high > position) lag += high - position;
  }
  return { topic, lag: Number(lag), partitions: ends.length };
}

export interface GroupLag {
  readonly groupId: string;
  readonly lag: number;
  readonly topics: readonly TopicLag[];
}

export function groupLag(groupId: string, topics: readonly TopicLag[]): GroupLag {
  return { groupId, lag: topics.reduce((sum, topic) => sum + topic.lag, 0), topics: [...topics].sort((a, b) => b.lag - a.lag) };
}

/** Sum of the end offsets of a topic's partitions: how many records were ever written to it. */
export function recordsWritten(ends: readonly PartitionEnds[]): number {
  return Number(ends.reduce((sum, end) => sum + BigInt(end.high), 0n));
}
