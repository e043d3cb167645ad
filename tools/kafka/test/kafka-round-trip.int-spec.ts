// Proves the pinned broker and kafkajs work together: admin creates topics, an idempotent producer
// sends, a consumer group receives every message in key order, and committed offsets survive a
// restart of the group (a second consumer in the same group resumes where the first left off).
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { createTestTopics, deleteTestTopics, testKafkaBrokers, uniqueTestId, waitFor } from '@ledgerline/testing';

describe('kafkajs against the local broker', () => {
  const topic = `${uniqueTestId('round-trip')}.movements`;
  const groupId = uniqueTestId('round-trip-group');
  const kafka = new Kafka({ clientId: uniqueTestId('round-trip'), brokers: testKafkaBrokers(), logLevel: logLevel.ERROR });
  const consumers: Consumer[] = [];

  beforeAll(() => createTestTopics([{ topic, partitions: 3 }]));
  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await deleteTestTopics([topic]);
  });

  async function consumeInto(received: Array<{ key: string; value: string; partition: number }>): Promise<Consumer> {
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
        for (const message of batch.messages) {
          received.push({ key: message.key!.toString(), value: message.value!.toString(), partition: batch.partition });
          resolveOffset(message.offset);
        }
        // Explicit commits: the same path the ledger uses.
        await commitOffsetsIfNecessary({
          topics: [{ topic, partitions: [{ partition: batch.partition, offset: (Number(batch.lastOffset()) + 1).toString() }] }],
        });
      },
    });
    return consumer;
  }

  it('creates topics, produces, consumes in key order and commits offsets', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const keys = ['SKU-1@S1', 'SKU-2@S1', 'SKU-3@S2'];
    const firstWave = keys.flatMap((key) => Array.from({ length: 20 }, (_, seq) => ({ key, value: `${key}#${seq}` })));
    await producer.send({ topic, acks: -1, messages: firstWave });

    const received: Array<{ key: string; value: string; partition: number }> = [];
    const firstConsumer = await consumeInto(received);
    await waitFor(() => received.length >= firstWave.length, { description: 'the first wave to arrive' });
    for (const key of keys) {
      const sequence = received.filter((message) => message.key === key).map((message) => Number(message.value.split('#')[1]));
      expect(sequence).toEqual(Array.from({ length: 20 }, (_, seq) => seq));
    }

    const committed = await waitFor(
      async () => {
        const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
        const total = offsets[0]!.partitions.reduce((sum, { offset }) => sum + Math.max(Number(offset), 0), 0);
        return total === firstWave.length ? offsets : undefined;
      },
      { description: 'the group to commit every offset' },
    );
    expect(committed[0]!.partitions).toHaveLength(3);

    // The group resumes from its committed offsets: a new member sees only what came after.
    await firstConsumer.disconnect();
    const secondWave = keys.map((key) => ({ key, value: `${key}#second` }));
    await producer.send({ topic, acks: -1, messages: secondWave });
    const resumed: Array<{ key: string; value: string; partition: number }> = [];
    await consumeInto(resumed);
    await waitFor(() => resumed.length >= secondWave.length, { description: 'the second wave after restart' });
    expect(resumed.map((message) => message.value).sort()).toEqual(secondWave.map((message) => message.value).sort());

    await producer.disconnect();
    await admin.disconnect();
  });
});
