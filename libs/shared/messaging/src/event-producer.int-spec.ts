// The producer against the real broker: one send larger than the broker takes in one record batch
// (all records on one partition) still arrives whole and in order.
import { createTestTopics, deleteTestTopics, readTopicUntil, testKafkaBrokers, uniqueTestId } from '@ledgerline/testing';
import { EventProducer } from './event-producer';
import { createKafkaClient } from './kafka-client';

describe('EventProducer (real Kafka)', () => {
  const topic = `${uniqueTestId('event-producer')}.events`;
  const producer = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: uniqueTestId('event-producer') }));

  beforeAll(async () => {
    await createTestTopics([{ topic, partitions: 1 }]);
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await deleteTestTopics([topic]);
  });

  it('splits a send above the broker message size into requests, keeping the order', async () => {
    const filler = 'x'.repeat(700);
    const records = Array.from({ length: 2_500 }, (_, index) => ({ topic, key: 'one-key', value: { index, filler } }));
    await producer.send(records);
    const messages = await readTopicUntil(topic, (seen) => seen.length >= records.length);
    expect(messages.map((message) => (JSON.parse(message.value!) as { index: number }).index)).toEqual(records.map((_, index) => index));
  });
});
