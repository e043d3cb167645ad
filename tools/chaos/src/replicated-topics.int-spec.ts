// ensureTopics against a real cluster of three brokers (started here on free ports): topics are
// created with three replicas, min.insync.replicas 2 and unclean leader election off, found from
// the cluster's size; an existing topic less durable than that is refused with topic, setting,
// found and required value named; and a service on such a topic does not start.
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { TOPICS } from '@ledgerline/contracts';
import { TopicDurabilityError, ensureTopics, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, startServiceProcess, uniqueTestId, waitFor, type TestDatabase } from '@ledgerline/testing';
import { DedicatedCluster, brokerJarsPresent } from './dedicated-cluster';
import { CHAOS_ADMIN_API_KEY } from './pos-ingestion-process';

jest.setTimeout(180_000);

const describeWithJars = brokerJarsPresent() ? describe : describe.skip;
if (!brokerJarsPresent()) console.warn('[replicated-topics] skipped: the broker jars are absent (run tools/kafka/kafka.sh install)');

describeWithJars('replicated topics on a three-broker cluster', () => {
  let cluster: DedicatedCluster;
  let admin: Admin;
  let kafka: Kafka;
  let database: TestDatabase | undefined;
  const topic = (name: string) => `${uniqueTestId('durability')}.${name}`;

  beforeAll(async () => {
    cluster = await DedicatedCluster.start('durability');
    admin = await cluster.admin();
    kafka = new Kafka({ clientId: uniqueTestId('durability'), brokers: cluster.addresses, logLevel: logLevel.NOTHING });
  });

  afterAll(async () => {
    await admin?.disconnect();
    await database?.drop();
    await cluster?.remove();
  });

  // The broker answering may not know a topic created a moment ago through another: ask again.
  function durabilityOf(name: string) {
    return waitFor(() => readDurability(name).catch(() => undefined), { timeoutMs: 10_000, description: `the settings of ${name}` });
  }

  async function readDurability(name: string) {
    const [{ partitions }] = (await admin.fetchTopicMetadata({ topics: [name] })).topics;
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name }] });
    const setting = (key: string) => resources[0]!.configEntries.find((entry) => entry.configName === key)?.configValue;
    return { replicas: partitions!.map(({ replicas }) => replicas.length), minInsync: setting('min.insync.replicas'), unclean: setting('unclean.leader.election.enable') };
  }

  async function refusal(work: Promise<unknown>): Promise<TopicDurabilityError> {
    const error = await work.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(TopicDurabilityError);
    return error as TopicDurabilityError;
  }

  it('creates topics with three replicas, two in sync required and unclean election off, from the cluster size', async () => {
    const movements = topic('movements');
    await cluster.untilEveryNodeSeesAll();
    expect(await ensureTopics(kafka, [{ topic: movements, partitions: 3 }])).toEqual([movements]);
    expect(await durabilityOf(movements)).toEqual({ replicas: [3, 3, 3], minInsync: '2', unclean: 'false' });
    // A second start finds the topic as it must be and creates nothing.
    expect(await ensureTopics(kafka, [{ topic: movements, partitions: 3 }])).toEqual([]);
  });

  it('takes the configured settings over the defaults', async () => {
    const configured = topic('configured');
    await ensureTopics(kafka, [{ topic: configured, partitions: 2 }], { durability: { replicationFactor: 3, minInsyncReplicas: 3 } });
    expect(await durabilityOf(configured)).toEqual({ replicas: [3, 3], minInsync: '3', unclean: 'false' });
    const error = await refusal(ensureTopics(kafka, [{ topic: topic('too-many'), partitions: 1 }], { durability: { replicationFactor: 4 } }));
    expect(error.code).toBe('KAFKA.DURABILITY_UNREACHABLE');
    expect(error.message).toContain('replication factor 4 needs 4 live brokers, the cluster has 3');
  });

  it('refuses existing topics less durable than required, naming topic, setting, found and required value', async () => {
    const [single, lowInsync, unclean] = [topic('single'), topic('low-insync'), topic('unclean')];
    // The broker's own wait for leaders gives up on a topic a moment old; ensureTopics waits for them.
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        { topic: single, numPartitions: 1, replicationFactor: 1 },
        { topic: lowInsync, numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '1' }] },
        { topic: unclean, numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'unclean.leader.election.enable', value: 'true' }] },
      ],
    });
    const error = await refusal(ensureTopics(kafka, [single, lowInsync, unclean].map((name) => ({ topic: name, partitions: 1 }))));
    expect(error.code).toBe('KAFKA.TOPIC_LESS_DURABLE');
    expect(error.problems).toEqual([
      `topic ${single}: replication factor is 1, required at least 3`,
      `topic ${lowInsync}: min.insync.replicas is 1, required at least 2`,
      `topic ${unclean}: unclean.leader.election.enable is true, required false`,
    ]);
  });

  it('keeps a service from starting on a topic less durable than configured, and says why', async () => {
    const prefix = uniqueTestId('durability-service');
    const movements = prefixedTopic(prefix, TOPICS.inventoryMovements.name);
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic: movements, numPartitions: 3, replicationFactor: 1 }] });
    database = await createTestDatabase('durability');
    const start = startServiceProcess({
      name: 'pos-ingestion',
      entry: 'apps/pos-ingestion/src/main.ts',
      env: { KAFKA_BROKERS: cluster.addresses.join(','), ...database.serviceEnv('pos_ingestion'), KAFKA_TOPIC_PREFIX: prefix, ADMIN_API_KEY: CHAOS_ADMIN_API_KEY, TOPIC_PARTITIONS: '3', LOG_LEVEL: 'warn' },
    });
    const failure = await start.then(
      async (service) => {
        await service.stop();
        return 'started';
      },
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).toContain('exited during start');
    expect(failure).toContain(`topic ${movements}: replication factor is 1, required at least 3`);
  });
});
