import { TopicDurabilityError, creationShortfall, durabilityConfigEntries, durabilityShortfalls, requiredDurability } from './topic-durability';

describe('requiredDurability', () => {
  it('asks three replicas and two in sync from three brokers on, one and one on a single broker', () => {
    expect(requiredDurability(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(requiredDurability(2)).toEqual({ replicationFactor: 2, minInsyncReplicas: 1 });
    expect(requiredDurability(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(requiredDurability(7)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('takes what the deployment configured over the defaults, each setting on its own', () => {
    expect(requiredDurability(5, { replicationFactor: 5, minInsyncReplicas: 3 })).toEqual({ replicationFactor: 5, minInsyncReplicas: 3 });
    expect(requiredDurability(1, { replicationFactor: 3 })).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(requiredDurability(3, { minInsyncReplicas: 3 })).toEqual({ replicationFactor: 3, minInsyncReplicas: 3 });
  });

  it('refuses a configuration under which no write could succeed, naming both values', () => {
    expect(() => requiredDurability(3, { replicationFactor: 2, minInsyncReplicas: 3 })).toThrow(TopicDurabilityError);
    expect(() => requiredDurability(3, { replicationFactor: 2, minInsyncReplicas: 3 })).toThrow('min.insync.replicas 3 exceeds the replication factor 2');
    expect(() => requiredDurability(3, { replicationFactor: 0 })).toThrow('KAFKA.DURABILITY_UNREACHABLE');
  });
});

describe('creationShortfall', () => {
  it('says when the cluster has fewer live brokers than the replicas a new topic needs', () => {
    expect(creationShortfall({ replicationFactor: 3, minInsyncReplicas: 2 }, 3, ['a'])).toBeUndefined();
    expect(creationShortfall({ replicationFactor: 3, minInsyncReplicas: 2 }, 2, ['a', 'b'])).toBe('topics a, b: replication factor 3 needs 3 live brokers, the cluster has 2');
  });
});

describe('durabilityShortfalls', () => {
  const required = { replicationFactor: 3, minInsyncReplicas: 2 };
  const found = { topic: 'inventory.movements.v1', replicationFactor: 3, minInsyncReplicas: 2, uncleanLeaderElection: false };

  it('finds nothing wrong with a topic exactly as durable as required, or more', () => {
    expect(durabilityShortfalls(found, required)).toEqual([]);
    expect(durabilityShortfalls({ ...found, replicationFactor: 5, minInsyncReplicas: 3 }, required)).toEqual([]);
  });

  it('names topic, setting, found and required value for each setting that falls short', () => {
    expect(durabilityShortfalls({ ...found, replicationFactor: 1 }, required)).toEqual(['topic inventory.movements.v1: replication factor is 1, required at least 3']);
    expect(durabilityShortfalls({ ...found, minInsyncReplicas: 1 }, required)).toEqual(['topic inventory.movements.v1: min.insync.replicas is 1, required at least 2']);
    expect(durabilityShortfalls({ ...found, uncleanLeaderElection: true }, required)).toEqual(['topic inventory.movements.v1: unclean.leader.election.enable is true, required false']);
    expect(durabilityShortfalls({ ...found, replicationFactor: 1, minInsyncReplicas: 1, uncleanLeaderElection: true }, required)).toHaveLength(3);
  });

  it('holds a single-broker topic to single-broker requirements only', () => {
    expect(durabilityShortfalls({ ...found, replicationFactor: 1, minInsyncReplicas: 1 }, requiredDurability(1))).toEqual([]);
  });
});

describe('durabilityConfigEntries', () => {
  it('creates topics with the required min.insync.replicas and unclean election off', () => {
    expect(durabilityConfigEntries({ replicationFactor: 3, minInsyncReplicas: 2 })).toEqual([
      { name: 'min.insync.replicas', value: '2' },
      { name: 'unclean.leader.election.enable', value: 'false' },
    ]);
  });
});
