// The batch consumer against the real broker: commits only after the handler, sets malformed and
// refused records aside on the dead-letter topic, and stalls (never discards) on any other failure,
// keeping its group membership while it retries.
import type { Consumer } from 'kafkajs';
import { TOPICS, decodeEvent } from '@ledgerline/contracts';
import { metricsRegistry } from '@ledgerline/runtime';
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

/** Fetch requests the consumer sent to the broker (kafkajs's instrumentation event, one per fetch). */
function countFetches(consumer: BatchConsumer<Item>): { count: number } {
  const fetches = { count: 0 };
  const kafkajsConsumer = (consumer as unknown as { consumer: Consumer }).consumer;
  kafkajsConsumer.on(kafkajsConsumer.events.FETCH, () => fetches.count++);
  return fetches;
}

/** How many times the consumer joined its group: more than once means it lost its membership. */
function countGroupJoins(consumer: BatchConsumer<Item>): { count: number } {
  const joins = { count: 0 };
  const kafkajsConsumer = (consumer as unknown as { consumer: Consumer }).consumer;
  kafkajsConsumer.on(kafkajsConsumer.events.GROUP_JOIN, () => joins.count++);
  return joins;
}

describe('BatchConsumer (real Kafka)', () => {
  const topic = `${uniqueTestId('batch-consumer')}.items`;
  const deadLetterTopic = `${topic}.dead-letter`;
  const stallTopic = `${topic}-stall`;
  const stallDeadLetterTopic = `${stallTopic}.dead-letter`;
  const slowTopic = `${topic}-slow`;
  const bigTopic = `${topic}-big`;
  const bigDeadLetters = `${bigTopic}.dead-letter`;
  const quietTopic = `${topic}-quiet`;
  const frozenTopic = `${topic}-frozen`;
  const kafka = createKafkaClient({ brokers: testKafkaBrokers(), clientId: uniqueTestId('batch-consumer') });
  const producer = new EventProducer(kafka);
  const consumers: Array<BatchConsumer<Item>> = [];

  beforeAll(async () => {
    await createTestTopics([
      { topic, partitions: 2 },
      { topic: deadLetterTopic, partitions: 1 },
      { topic: stallTopic, partitions: 2 },
      { topic: stallDeadLetterTopic, partitions: 1 },
      { topic: slowTopic, partitions: 1 },
      { topic: bigTopic, partitions: 1 },
      { topic: bigDeadLetters, partitions: 1 },
      { topic: quietTopic, partitions: 2 },
      { topic: frozenTopic, partitions: 1 },
    ]);
    await producer.connect();
  });
  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await producer.disconnect();
    await deleteTestTopics([topic, deadLetterTopic, stallTopic, stallDeadLetterTopic, slowTopic, bigTopic, bigDeadLetters, quietTopic, frozenTopic]);
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

  it('stalls on a failure that is not the message\'s own: no dead letter, no commit past it, membership kept', async () => {
    const applied: string[] = [];
    let refusing = true;
    const failures: string[] = [];
    const groupId = uniqueTestId('stall-group');
    const consumer = new BatchConsumer<Item>({
      name: 'test-stall',
      kafka,
      groupId,
      topics: [stallTopic],
      decode: decodeItem,
      retryBackoffMs: 50,
      retryMaxBackoffMs: 500,
      // Shorter than the stall below: only heartbeats during the retries keep the member in. Not
      // the shortest the broker allows: a heartbeat late by a few seconds on a busy machine must
      // not pass for a lost membership.
      sessionTimeoutMs: 12_000,
      deadLetters: new KafkaDeadLetterSink(producer, () => stallDeadLetterTopic, 'test-service'),
      handle: async (records: Array<ConsumedRecord<Item>>) => {
        if (refusing) {
          failures.push(records.map((record) => record.value.id).join(','));
          // What a revoked INSERT looks like: an error no rule of the consumer knows.
          throw Object.assign(new Error('permission denied for table movement'), { code: '42501' });
        }
        for (const record of records) applied.push(record.value.id);
      },
    });
    consumers.push(consumer);
    const joins = countGroupJoins(consumer);
    await consumer.start();
    await waitFor(() => joins.count > 0, { description: 'the consumer to join' });
    await producer.send([{ topic: stallTopic, key: 'k1', value: { id: 'stall-1' } }, { topic: stallTopic, key: 'k1', value: { id: 'stall-2' } }]);

    await waitFor(() => failures.length >= 3, { description: 'the batch to be retried' });
    const readiness = consumer.readiness();
    expect(readiness.ready).toBe(false);
    expect(readiness.detail).toMatch(/stalled .*42501: permission denied for table movement/);
    expect(consumer.stalledPartitions()).toBe(1);
    expect(await metricsRegistry.getSingleMetricAsString('ledgerline_consumer_stalled_partitions')).toMatch(/consumer="test-stall"} 1/);

    // Longer than the session timeout: the member must keep its partitions through the retries.
    await new Promise((resolve) => setTimeout(resolve, 14_000));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const committed = async () => (await admin.fetchOffsets({ groupId, topics: [stallTopic] }))[0]!.partitions.map((entry) => entry.offset);
      expect(await committed()).toEqual(['-1', '-1']);
      expect(applied).toEqual([]);
      refusing = false;
      await waitFor(() => applied.length === 2, { description: 'the stalled batch to apply once the failure passes' });
      await waitFor(() => consumer.readiness().ready, { description: 'readiness to recover' });
      await waitFor(async () => (await committed()).includes('2'), { description: 'the offset to be committed past the batch' });
      expect(joins.count).toBe(1);
      expect(consumer.stalledPartitions()).toBe(0);
      expect(applied.sort()).toEqual(['stall-1', 'stall-2']);
      const deadLetterOffsets = await admin.fetchTopicOffsets(stallDeadLetterTopic);
      expect(deadLetterOffsets.map((entry) => entry.high)).toEqual(['0']);
    } finally {
      await admin.disconnect();
    }
  }, 60_000);

  it('keeps its membership while a handler call takes longer than the session timeout', async () => {
    const applied: string[] = [];
    let firstCall = true;
    const consumer = new BatchConsumer<Item>({
      name: 'test-slow',
      kafka,
      groupId: uniqueTestId('slow-group'),
      topics: [slowTopic],
      decode: decodeItem,
      sessionTimeoutMs: 12_000,
      deadLetters: new KafkaDeadLetterSink(producer, () => stallDeadLetterTopic, 'test-service'),
      handle: async (records: Array<ConsumedRecord<Item>>) => {
        // A database that stopped answering, until the client's own bound gives up on it.
        if (firstCall) {
          firstCall = false;
          await new Promise((resolve) => setTimeout(resolve, 15_000));
        }
        for (const record of records) applied.push(record.value.id);
      },
    });
    consumers.push(consumer);
    const joins = countGroupJoins(consumer);
    await consumer.start();
    await waitFor(() => joins.count > 0, { description: 'the consumer to join' });
    await producer.send([{ topic: slowTopic, key: 'k1', value: { id: 'slow-1' } }]);
    await waitFor(() => applied.length > 0, { timeoutMs: 30_000, description: 'the slow call to finish' });
    await producer.send([{ topic: slowTopic, key: 'k1', value: { id: 'slow-2' } }]);
    await waitFor(() => applied.includes('slow-2'), { description: 'the next record' });
    expect(applied).toEqual(['slow-1', 'slow-2']);
    expect(joins.count).toBe(1);
  }, 60_000);

  it('rejoins and applies again when its membership expired while the process was frozen', async () => {
    const applied: string[] = [];
    const fatal: Error[] = [];
    let frozen = false;
    const consumer = new BatchConsumer<Item>({
      name: 'test-frozen',
      kafka,
      groupId: uniqueTestId('frozen-group'),
      topics: [frozenTopic],
      decode: decodeItem,
      // The broker's least session timeout: past it without a heartbeat, the member is dropped.
      sessionTimeoutMs: 6_000,
      deadLetters: new KafkaDeadLetterSink(producer, () => stallDeadLetterTopic, 'test-service'),
      onFatal: (error) => fatal.push(error),
      handle: async (records: Array<ConsumedRecord<Item>>) => {
        for (const record of records) applied.push(record.value.id);
        if (!frozen) {
          // A stop-the-world pause (a long GC, a frozen host): no timer fires, no heartbeat goes out,
          // and the commit that follows is refused because the group no longer has this member.
          frozen = true;
          const until = Date.now() + 9_000;
          while (Date.now() < until);
        }
      },
    });
    consumers.push(consumer);
    const joins = countGroupJoins(consumer);
    await consumer.start();
    await waitFor(() => joins.count > 0, { description: 'the consumer to join' });
    await producer.send([{ topic: frozenTopic, key: 'k1', value: { id: 'frozen-1' } }]);
    await waitFor(() => frozen && joins.count > 1, { timeoutMs: 40_000, description: 'the consumer to join again after its pause' });
    await producer.send([{ topic: frozenTopic, key: 'k1', value: { id: 'frozen-2' } }]);
    await waitFor(() => applied.includes('frozen-2'), { timeoutMs: 30_000, description: 'the next record' });
    expect(fatal).toEqual([]);
    // The record whose commit was refused comes again: applied twice, which idempotent handlers make harmless.
    expect(applied).toEqual(['frozen-1', 'frozen-1', 'frozen-2']);
    expect(consumer.readiness()).toEqual({ ready: true });
  }, 90_000);

  it('finds the refused records of a large batch by halving it, and applies the rest in order', async () => {
    const ids = Array.from({ length: 400 }, (_, index) => (index === 57 || index === 301 ? `poison-${index}` : `rec-${index}`));
    await producer.send(ids.map((id) => ({ topic: bigTopic, key: 'k1', value: { id } })));
    const applied: string[] = [];
    let calls = 0;
    const consumer = new BatchConsumer<Item>({
      name: 'test-big',
      kafka,
      groupId: uniqueTestId('big-group'),
      topics: [bigTopic],
      decode: decodeItem,
      deadLetters: new KafkaDeadLetterSink(producer, () => bigDeadLetters, 'test-service'),
      handle: async (records: Array<ConsumedRecord<Item>>) => {
        calls++;
        const refused = records.find((record) => record.value.id.startsWith('poison-'));
        if (refused) throw new PermanentMessageError('TEST.POISON', `${refused.value.id} can never be applied`);
        for (const record of records) applied.push(record.value.id);
      },
    });
    consumers.push(consumer);
    await consumer.start();
    await waitFor(() => applied.length === 398, { description: 'every record but the two refused to be applied' });
    expect(applied).toEqual(ids.filter((id) => !id.startsWith('poison-')));
    // One call per record would be 400; halving needs a few per level for each refused record.
    expect(calls).toBeLessThan(60);
    const letters = await readTopicUntil(bigDeadLetters, (messages) => messages.length >= 2);
    expect(letters.map((message) => JSON.parse(message.value!).payload.reason).sort()).toEqual(['poison-301 can never be applied', 'poison-57 can never be applied']);
  }, 60_000);

  it('long-polls while nothing comes, yet hands over a record that arrives at once', async () => {
    const applied: Array<{ id: string; at: number }> = [];
    const consumer = new BatchConsumer<Item>({
      name: 'test-quiet',
      kafka,
      groupId: uniqueTestId('quiet-group'),
      topics: [quietTopic],
      decode: decodeItem,
      // The ledger's busy wait: left as it is, an idle consumer would fetch 50 times a second.
      fetchMinBytes: 65_536,
      fetchMaxWaitMs: 20,
      idleFetchMaxWaitMs: 8_000,
      deadLetters: new KafkaDeadLetterSink(producer, () => deadLetterTopic, 'test-service'),
      handle: async (records: Array<ConsumedRecord<Item>>) => {
        for (const record of records) applied.push({ id: record.value.id, at: Date.now() });
      },
    });
    const joins = countGroupJoins(consumer);
    const fetches = countFetches(consumer);
    try {
      await consumer.start();
      await waitFor(() => joins.count > 0 && fetches.count > 0, { description: 'the consumer to join and fetch' });
      const before = fetches.count;
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      // At the busy wait 6 s would take about 300 fetches; long-polling takes one or two.
      expect(fetches.count - before).toBeLessThanOrEqual(3);

      await new Promise((resolve) => setTimeout(resolve, 500));
      const sentAt = Date.now();
      await producer.send([{ topic: quietTopic, key: 'k1', value: { id: 'after-quiet' } }]);
      await waitFor(() => applied.length > 0, { description: 'the record sent after the quiet spell' });
      // Well under the idle wait: the long poll answers on the first byte, not when it runs out.
      expect(applied[0]!.at - sentAt).toBeLessThan(4_000);
    } finally {
      // Stopped here: a stop waits for the long poll in flight, longer than the suite's hook allows.
      await consumer.stop();
    }
  }, 60_000);

  it('stops at once while a long poll is in flight', async () => {
    const consumer = new BatchConsumer<Item>({
      name: 'test-stop',
      kafka,
      groupId: uniqueTestId('stop-group'),
      topics: [quietTopic],
      decode: decodeItem,
      fetchMaxWaitMs: 200,
      idleFetchMaxWaitMs: 20_000,
      sessionTimeoutMs: 60_000,
      deadLetters: new KafkaDeadLetterSink(producer, () => deadLetterTopic, 'test-service'),
      handle: async () => undefined,
    });
    const joins = countGroupJoins(consumer);
    const fetches = countFetches(consumer);
    await consumer.start();
    await waitFor(() => joins.count > 0 && fetches.count > 0, { description: 'the consumer to join and fetch', timeoutMs: 30_000 });
    // By now a fetch came back empty (the busy wait is 200 ms): the one in flight is the 20 s poll.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const stopping = Date.now();
    await consumer.stop();
    // Without ending the poll in flight, the stop waits for the broker's answer: up to 20 s.
    expect(Date.now() - stopping).toBeLessThan(8_000);
  }, 60_000);
});
