// Reads what the broker has for each topic (its replica sets and effective configuration) and
// refuses, with every shortfall named, when a topic is less durable than required.
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { TopicDurabilityError, durabilityShortfalls, type FoundTopicDurability, type TopicDurability } from './topic-durability';

export async function foundDurability(admin: Admin, topics: readonly string[]): Promise<FoundTopicDurability[]> {
  if (topics.length === 0) return [];
  const [{ topics: metadata }, { resources }] = await Promise.all([
    admin.fetchTopicMetadata({ topics: [...topics] }),
    admin.describeConfigs({ includeSynonyms: false, resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })) }),
  ]);
  return topics.map((topic) => {
    const partitions = metadata.find((entry) => entry.name === topic)?.partitions ?? [];
    const entries = resources.find((resource) => resource.resourceName === topic)?.configEntries ?? [];
    const setting = (name: string) => entries.find((entry) => entry.configName === name)?.configValue;
    return {
      topic,
      // The weakest partition decides: a reassignment may have left one with fewer replicas.
      replicationFactor: partitions.length === 0 ? 0 : Math.min(...partitions.map(({ replicas }) => replicas.length)),
      minInsyncReplicas: Number(setting('min.insync.replicas') ?? 1),
      uncleanLeaderElection: setting('unclean.leader.election.enable') === 'true',
    };
  });
}

export async function assertDurable(admin: Admin, topics: readonly string[], required: TopicDurability): Promise<void> {
  const shortfalls = (await foundDurability(admin, topics)).flatMap((found) => durabilityShortfalls(found, required));
  if (shortfalls.length > 0) throw new TopicDurabilityError('KAFKA.TOPIC_LESS_DURABLE', shortfalls);
}
