// How durable a service's topics must be, and whether an existing topic is. A record the broker
// acknowledged (acks=all) must survive the loss of a broker: that takes more than one replica, a
// write refused unless at least min.insync.replicas of them have it, and no out-of-sync replica
// ever elected leader (it would silently drop what only the others had). A topic that exists
// with less than that was made by someone else or for a smaller cluster; starting on it would
// promise durability the cluster does not give, so the service refuses to start instead.

/** What a deployment asks for; each setting left out follows the cluster's size. */
export interface TopicDurabilitySettings {
  replicationFactor?: number;
  minInsyncReplicas?: number;
}

export interface TopicDurability {
  replicationFactor: number;
  minInsyncReplicas: number;
}

/** The deployment's settings, from a service's configuration (libs/shared/runtime's base shape). */
export function topicDurabilityOf(config: { KAFKA_REPLICATION_FACTOR?: number; KAFKA_MIN_INSYNC_REPLICAS?: number }): TopicDurabilitySettings {
  return { replicationFactor: config.KAFKA_REPLICATION_FACTOR, minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS };
}

/** What a topic on the broker has: its smallest replica set, and its effective configuration. */
export interface FoundTopicDurability {
  topic: string;
  replicationFactor: number;
  minInsyncReplicas: number;
  uncleanLeaderElection: boolean;
}

export class TopicDurabilityError extends Error {
  constructor(
    readonly code: 'KAFKA.TOPIC_LESS_DURABLE' | 'KAFKA.DURABILITY_UNREACHABLE',
    readonly problems: string[],
  ) {
    super(`${code}: ${problems.join('; ')}`);
    this.name = 'TopicDurabilityError';
  }
}

/**
 * The durability a service requires of its topics on a cluster of `brokerCount` live brokers:
 * three replicas and two in sync from three brokers on, one and one on a single broker, unless
 * the deployment configured otherwise. Throws when the configuration contradicts itself. The
 * count is of live brokers, so with a broker down the defaults shrink: a production deployment
 * sets KAFKA_REPLICATION_FACTOR so that its requirement never follows an outage.
 */
export function requiredDurability(brokerCount: number, configured: TopicDurabilitySettings = {}): TopicDurability {
  const replicationFactor = configured.replicationFactor ?? Math.min(brokerCount, 3);
  const minInsyncReplicas = configured.minInsyncReplicas ?? (replicationFactor >= 3 ? 2 : 1);
  const problems: string[] = [];
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) problems.push(`replication factor ${replicationFactor} must be a whole number of at least 1`);
  if (!Number.isInteger(minInsyncReplicas) || minInsyncReplicas < 1) problems.push(`min.insync.replicas ${minInsyncReplicas} must be a whole number of at least 1`);
  if (minInsyncReplicas > replicationFactor) problems.push(`min.insync.replicas ${minInsyncReplicas} exceeds the replication factor ${replicationFactor}: no write could ever succeed`);
  if (problems.length > 0) throw new TopicDurabilityError('KAFKA.DURABILITY_UNREACHABLE', problems);
  return { replicationFactor, minInsyncReplicas };
}

/**
 * Why topics cannot be created with the required replicas now (the broker would refuse them),
 * or undefined. Checking existing topics needs no such count: a broker may be down meanwhile.
 */
export function creationShortfall(required: TopicDurability, brokerCount: number, topics: readonly string[]): string | undefined {
  if (required.replicationFactor <= brokerCount) return undefined;
  return `topics ${topics.join(', ')}: replication factor ${required.replicationFactor} needs ${required.replicationFactor} live brokers, the cluster has ${brokerCount}`;
}

/** One line per setting in which the topic falls short of `required`, naming found and required values. */
export function durabilityShortfalls(found: FoundTopicDurability, required: TopicDurability): string[] {
  const shortfalls: string[] = [];
  const { topic } = found;
  if (found.replicationFactor < required.replicationFactor) {
    shortfalls.push(`topic ${topic}: replication factor is ${found.replicationFactor}, required at least ${required.replicationFactor}`);
  }
  if (found.minInsyncReplicas < required.minInsyncReplicas) {
    shortfalls.push(`topic ${topic}: min.insync.replicas is ${found.minInsyncReplicas}, required at least ${required.minInsyncReplicas}`);
  }
  if (found.uncleanLeaderElection) {
    shortfalls.push(`topic ${topic}: unclean.leader.election.enable is true, required false`);
  }
  return shortfalls;
}

/** The topic settings that give a new topic the required durability. */
export function durabilityConfigEntries(required: TopicDurability): Array<{ name: string; value: string }> {
  return [
    { name: 'min.insync.replicas', value: String(required.minInsyncReplicas) },
    { name: 'unclean.leader.election.enable', value: 'false' },
  ];
}
