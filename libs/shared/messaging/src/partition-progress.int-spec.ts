// topicEnds and topicsBehindGroup against the real broker: a group is behind a topic until it has
// committed every partition up to the ends read earlier, whatever was written after them, and an
// empty partition never holds it back.
import { Kafka, logLevel } from 'kafkajs';
import { deleteTestTopics, testKafkaBrokers, uniqueTestId } from '@ledgerline/testing';
import { awaitGroupsAt, topicEnds, topicsBehindGroup } from './partition-progress';

jest.setTimeout(60_000);

describe('a group against the ends of its topics (real Kafka)', () => {
  const prefix = uniqueTestId('progress');
  const written = `${prefix}.written`;
  const empty = `${prefix}.empty`;
  const groupId = `${prefix}.group`;
  const kafka = new Kafka({ clientId: prefix, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });

  beforeAll(async () => {
    await admin.connect();
    await producer.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: written, numPartitions: 2 }, { topic: empty, numPartitions: 1 }] });
    await producer.send({ topic: written, messages: [0, 0, 0, 1].map((partition, index) => ({ partition, value: `record ${index}` })) });
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
    await deleteTestTopics([written, empty]);
  });

  it('is behind until it committed every partition up to the ends read, and later records do not move those ends', async () => {
    const ends = await topicEnds(admin, [written, empty]);
    expect(ends.find(({ topic }) => topic === written)?.partitions.sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, low: '0', high: '3' },
      { partition: 1, low: '0', high: '1' },
    ]);
    expect(await topicsBehindGroup(admin, groupId, ends)).toEqual([written]);

    await admin.setOffsets({ groupId, topic: written, partitions: [{ partition: 0, offset: '3' }, { partition: 1, offset: '0' }] });
    expect(await topicsBehindGroup(admin, groupId, ends)).toEqual([written]);

    await producer.send({ topic: written, messages: [{ partition: 1, value: 'written after the ends were read' }] });
    await admin.setOffsets({ groupId, topic: written, partitions: [{ partition: 0, offset: '3' }, { partition: 1, offset: '1' }] });
    expect(await topicsBehindGroup(admin, groupId, ends)).toEqual([]);
    expect(await topicsBehindGroup(admin, groupId, await topicEnds(admin, [written]))).toEqual([written]);
  });

  it('waits for groups to reach their ends: the topics still behind when the time is up, none once they are reached', async () => {
    const ends = await topicEnds(admin, [written]);
    const waiting = `${groupId}.waiting`;
    const started = Date.now();
    expect(await awaitGroupsAt(admin, [{ groupId: waiting, ends }], { timeoutMs: 600, pollMs: 100 })).toEqual([written]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    const reached = awaitGroupsAt(admin, [{ groupId: waiting, ends }], { timeoutMs: 30_000, pollMs: 100 });
    await admin.setOffsets({ groupId: waiting, topic: written, partitions: ends[0]!.partitions.map(({ partition, high }) => ({ partition, offset: high })) });
    expect(await reached).toEqual([]);
  });
});
