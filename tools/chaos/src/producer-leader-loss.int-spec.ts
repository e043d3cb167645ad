// The EventProducer on a three-broker cluster of its own when the leader of some of a send's
// partitions is killed (kill -9) while the send waits for it: the request to the dead leader fails, the
// requests to the other two are acknowledged, and kafkajs retries until the controller has moved
// leadership to a broker that already answered. Whatever the send does then, it must not resolve
// without every record in the log: a resolved send is what the outbox relay marks published.
import { type Admin } from 'kafkajs';
import { EventProducer, createKafkaClient } from '@ledgerline/messaging';
import { uniqueTestId, waitFor } from '@ledgerline/testing';
import { DedicatedCluster, brokerJarsPresent } from './dedicated-cluster';

jest.setTimeout(180_000);

const describeWithJars = brokerJarsPresent() ? describe : describe.skip;
if (!brokerJarsPresent()) console.warn('[producer-leader-loss] skipped: the broker jars are absent (run tools/kafka/kafka.sh install)');

const PARTITIONS = 6;
const KEYS = 60;

describeWithJars('EventProducer when a partition leader is lost mid-send', () => {
  let cluster: DedicatedCluster;
  let admin: Admin;
  let producer: EventProducer;
  const topic = `${uniqueTestId('leader-loss')}.events`;

  beforeAll(async () => {
    cluster = await DedicatedCluster.start('leader-loss');
    admin = await cluster.admin();
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 3 }] });
    // The broker asked may not know the topic yet: ask until every partition has a leader.
    await waitFor(async () => (await leaders().catch(() => new Map())).size === PARTITIONS, { timeoutMs: 30_000, description: 'leaders of every partition' });
    producer = new EventProducer(createKafkaClient({ brokers: cluster.addresses, clientId: uniqueTestId('leader-loss') }));
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
    await cluster?.remove();
  });

  const records = (round: string) => Array.from({ length: KEYS }, (_, key) => ({ topic, key: `key-${key}`, value: { round, key } }));

  // Asked again while the admin client's metadata still names the killed broker as a leader.
  async function recordsInLog(): Promise<number> {
    const offsets = await waitFor(() => admin.fetchTopicOffsets(topic).catch(() => undefined), { timeoutMs: 30_000, description: `the offsets of ${topic}` });
    return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  }

  async function leaders(): Promise<Map<number, number>> {
    const [{ partitions }] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    return new Map(partitions.map(({ partitionId, leader }) => [partitionId, leader]));
  }

  it('resolves a send only once every record is in the log, after leadership moved to a broker that had answered', async () => {
    // Every partition written once, so the producer's metadata names the leaders it will send to.
    const warmUp = await producer.send(records('warm-up'));
    const before = await leaders();
    expect(new Set(before.values()).size).toBe(3);
    expect(await recordsInLog()).toBe(KEYS);

    // The victim is stopped first so that the send's request to it is in flight when it dies,
    // while the requests to the two others are answered.
    const victim = before.get(0)!;
    await cluster.freeze(victim);
    const sending = producer.send(records('across the loss')).then(
      (metadata) => ({ resolved: true as const, metadata }),
      (error: unknown) => ({ resolved: false as const, error }),
    );
    await new Promise((settle) => setTimeout(settle, 1_000));
    await cluster.crash(victim);
    const sent = await sending;
    const after = await waitFor(async () => {
      const now = await leaders().catch(() => undefined);
      return now && [...now.values()].every((leader) => leader !== victim) ? now : undefined;
    }, { timeoutMs: 30_000, description: 'leadership off the killed broker' });
    console.log(
      `[producer-leader-loss] node ${victim} killed, leading partitions ${[...before].filter(([, leader]) => leader === victim).map(([p]) => p).join(', ')}; ` +
        `send ${sent.resolved ? `resolved with ${sent.metadata.length} partition answers (warm-up ${warmUp.length})` : `failed: ${String(sent.error)}`}; ` +
        `leaders now ${[...after].map(([p, leader]) => `${p}:${leader}`).join(' ')}`,
    );

    // A resolved send must have written all it was given. A failed one is the caller's to retry
    // (what it wrote before failing is then written twice, which consumers drop by event id).
    if (sent.resolved) {
      expect(await recordsInLog()).toBe(2 * KEYS);
      expect(sent.metadata.map(({ partition }) => partition).sort()).toEqual(Array.from({ length: PARTITIONS }, (_, p) => p));
    } else {
      await producer.send(records('across the loss'));
      expect(await recordsInLog()).toBeGreaterThanOrEqual(2 * KEYS);
    }
  });
});
