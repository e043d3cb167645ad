// The batch consumer against the real broker: commits only after the handler, sets malformed and
// poison records aside on the dead-letter topic, and survives an outage without losing a record.
import { TOPICS, decodeEvent } from '@ledgerline/contracts';
import { createTestTopics, deleteTestTopics, readTopicUntil, testKafkaBrokers, uniqueTestId, waitFor } from '@ledgerline/testing';
import { BatchConsumer } from './batch-consumer';
import type { ConsumedRecord, DecodeResult, RawRecord } from './consumed-record';
import { KafkaDeadLetterSink } from './dead-letter-sink';
import { EventProducer } from './event-producer';
import { createKafkaClient } from './kafka-client';
import { PermanentMessageError } from './transient-error';

interface Item {
  id: string;
}

function decodeItem(record: RawRecord): DecodeResult<Item> {
  try {
    const value = JSON.parse(record.value?.toString('utf8') ?? '');
    if (typeof value?.id === 'string') return { ok: true, value };
    return { ok: false, reasonCode: 'TEST.INVALID', reason: 'id must be a string', errors: [{ path: 'id', message: 'must be a string' }] };
  } catch (error) {
    return { ok: false, reasonCode: 'TEST.MALFORMED_JSON', reason: (error as Error).message, errors: [] };
  }
}

describe('BatchConsumer (real Kafka)', () => {
  const topic = `${uniqueTestId('batch-consumer')}.items`;
  const deadLetterTopic = `${topic}.dead-letter`;
  const kafka = createKafkaClient({ brokers: testKafkaBrokers(), clientId: uniqueTestId('batch-consumer') });
  const producer = new EventProducer(kafka);
  const consumers: Array<BatchConsumer<Item>> = [];

  beforeAll(async () => {
    await createTestTopics([{ topic, partitions: 2 }, { topic: deadLetterTopic, partitions: 1 }]);
    await producer.connect();
  });
  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await producer.disconnect();
    await deleteTestTopics([topic, deadLetterTopic]);
  });

  it('applies valid records, dead-letters malformed and poison ones, and rides out an outage', async () => {
    const applied = new Set<string>();
    let outageCallsLeft = 2;
    const consumer = new BatchConsumer<Item>({
      name: 'test-items',
      kafka,
      groupId: uniqueTestId('items-group'),
      topics: [topic],
      decode: decodeItem,
      retryBackoffMs: 10,
      deadLetters: new KafkaDeadLetterSink(producer, () => deadLetterTopic, 'test-service'),
      handle: async (records: Array<ConsumedRecord<Item>>) => {
        if (records.some((record) => record.value.id === 'outage') && outageCallsLeft-- > 0) {
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        }
        if (records.some((record) => record.value.id === 'poison')) {
          throw new PermanentMessageError('TEST.POISON', 'this record can never be applied');
        }
        for (const record of records) applied.add(record.value.id);
      },
    });
    consumers.push(consumer);
    await consumer.start();

    const good = Array.from({ length: 30 }, (_, index) => `item-${index}`);
    await producer.send([
      ...good.slice(0, 10).map((id) => ({ topic, key: 'k1', value: { id } })),
      { topic, key: 'k1', value: '{not json' },
      { topic, key: 'k1', value: { id: 'poison' } },
      { topic, key: 'k2', value: { id: 'outage' } },
      ...good.slice(10).map((id) => ({ topic, key: id.endsWith('1') ? 'k1' : 'k2', value: { id } })),
    ]);

    await waitFor(() => good.every((id) => applied.has(id)) && applied.has('outage'), { description: 'every valid record to be applied' });
    expect(applied.has('poison')).toBe(false);

    const deadLetters = await readTopicUntil(deadLetterTopic, (messages) => messages.length >= 2);
    // Each dead letter is a valid platform event: the contract's envelope and payload.
    for (const message of deadLetters) expect(decodeEvent(TOPICS.inventoryMovementsDeadLetter, message.value).ok).toBe(true);
    const reasons = deadLetters.map((message) => JSON.parse(message.value!).payload.reasonCode).sort();
    expect(reasons).toEqual(['TEST.MALFORMED_JSON', 'TEST.POISON']);
    const poison = deadLetters.map((message) => JSON.parse(message.value!).payload).find((letter) => letter.reasonCode === 'TEST.POISON');
    expect(poison).toMatchObject({ originalTopic: topic, reason: 'this record can never be applied', service: 'test-service' });
    await waitFor(() => consumer.readiness().ready, { description: 'the consumer to report ready again' });
  });
});
