// A batch consumer whose handler keeps each partition's position, against the real broker: every
// assignment reads from the stored position (from the beginning when none) whatever the group
// committed, and the handler is told the position after each batch, set-aside records included.
import { createTestTopics, deleteTestTopics, testKafkaBrokers, uniqueTestId, waitFor } from '@ledgerline/testing';
import { BatchConsumer } from './batch-consumer';
import type { DecodeResult, PartitionPosition, RawRecord } from './consumed-record';
import { createKafkaClient } from './kafka-client';

function decodeId(record: RawRecord): DecodeResult<string> {
  const text = record.value?.toString('utf8') ?? '';
  return text.startsWith('id-') ? { ok: true, value: text } : { ok: false, reasonCode: 'TEST.INVALID', reason: 'not an id', errors: [] };
}

describe('BatchConsumer with positions its handler stores (real Kafka)', () => {
  const topic = `${uniqueTestId('stored-positions')}.items`;
  const groupId = uniqueTestId('stored-positions-group');
  const kafka = createKafkaClient({ brokers: testKafkaBrokers(), clientId: uniqueTestId('stored-positions') });
  const running: Array<BatchConsumer<string>> = [];

  beforeAll(async () => {
    await createTestTopics([{ topic, partitions: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    // Offsets 0-4 are ids; 5, the last, is set aside by decode.
    await producer.send({ topic, messages: [...['id-0', 'id-1', 'id-2', 'id-3', 'id-4'].map((value) => ({ value })), { value: 'broken' }] });
    await producer.disconnect();
  });

  afterAll(async () => {
    await Promise.all(running.map((consumer) => consumer.stop()));
    await deleteTestTopics([topic]);
  });

  /** Runs a consumer of the group until its stored position reaches the end; what it applied, in order, and the positions it was told. */
  async function readWith(stored: Map<number, string>): Promise<{ applied: string[]; told: PartitionPosition[] }> {
    const applied: string[] = [];
    const told: PartitionPosition[] = [];
    const consumer = new BatchConsumer<string>({
      name: 'stored-positions',
      kafka,
      groupId,
      topics: [topic],
      decode: decodeId,
      handle: async (records, through) => {
        applied.push(...records.map((record) => record.value));
        told.push(through);
        stored.set(through.partition, through.nextOffset);
      },
      storedPosition: async (_topic, partition) => stored.get(partition),
      deadLetters: { send: async () => undefined },
      sessionTimeoutMs: 6_000,
    });
    running.push(consumer);
    await consumer.start();
    try {
      await waitFor(() => stored.get(0) === '6', { timeoutMs: 30_000, description: 'the stored position at the end of the partition' });
    } finally {
      await consumer.stop();
    }
    return { applied, told };
  }

  it('reads from the beginning when nothing is stored, whatever the group committed, and from the stored position otherwise', async () => {
    const first = await readWith(new Map());
    expect(first.applied).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'id-4']);
    // The last position told is past the record set aside at the end.
    expect(first.told.at(-1)).toEqual({ topic, partition: 0, nextOffset: '6' });

    // The group committed offset 6; a store that holds nothing reads everything again.
    expect((await readWith(new Map())).applied).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'id-4']);
    // A store that holds 3 reads from there, though the group committed further.
    expect((await readWith(new Map([[0, '3']]))).applied).toEqual(['id-3', 'id-4']);
  });
});
