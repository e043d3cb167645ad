// The outbox relay against the real database and broker: rows leave in outbox order over many
// sends (expanded rows as their events, in place), each is marked once sent, and a send that fails
// is retried from the first row not marked, so nothing is lost and each key's events keep their order.
import { LeaderLock, openOwnerDatabase } from '@ledgerline/runtime';
import { createTestDatabase, createTestTopics, deleteTestTopics, readTopicUntil, testKafkaBrokers, uniqueTestId, waitFor, type TestDatabase } from '@ledgerline/testing';
import type { DataSource } from 'typeorm';
import { EventProducer, type OutgoingRecord } from './event-producer';
import { createKafkaClient } from './kafka-client';
import { OutboxRelay, type OutboxExpansion } from './outbox-relay';

const SCHEMA = 'relay_demo';
const BATCH_TOPIC = 'demo.batch';

/** A row of kind demo.batch stands for `count` events of its key, numbered from `first`. */
const batchExpansion: OutboxExpansion = {
  eventCount: (payload) => (payload as { count: number }).count,
  expand: async (payloads) =>
    payloads.map((payload) => {
      const { key, first, count } = payload as { key: string; first: number; count: number };
      return Array.from({ length: count }, (_, index): OutgoingRecord => ({
        topic: 'things',
        key,
        value: { key, n: first + index },
        headers: { 'x-event-id': `${key}:${first + index}` },
      }));
    }),
};

/** Fails the sends whose numbers are listed (1 = the first), like a broker that went away. */
class FlakyProducer extends EventProducer {
  private sends = 0;
  failures = 0;
  constructor(
    kafka: ReturnType<typeof createKafkaClient>,
    private readonly failing: ReadonlySet<number>,
  ) {
    super(kafka);
  }

  override async send(records: OutgoingRecord[]) {
    this.sends += 1;
    if (this.failing.has(this.sends)) {
      this.failures += 1;
      throw new Error(`send ${this.sends} failed: broker unreachable`);
    }
    return super.send(records);
  }
}

describe('OutboxRelay (real PostgreSQL and Kafka)', () => {
  const prefix = uniqueTestId('outbox-relay');
  const topic = `${prefix}.things`;
  const kafka = createKafkaClient({ brokers: testKafkaBrokers(), clientId: uniqueTestId('outbox-relay') });
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    await createTestTopics([{ topic, partitions: 3 }]);
    database = await createTestDatabase('outbox-relay');
    dataSource = await openOwnerDatabase({ url: database.url, ownerUrl: database.url, schema: SCHEMA, entities: [], migrations: [], poolSize: 3, applicationName: 'outbox-relay-test' });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
    await deleteTestTopics([topic]);
  });

  beforeEach(async () => {
    await dataSource.query(`DROP TABLE IF EXISTS ${SCHEMA}.outbox`);
    await dataSource.query(`
      CREATE TABLE ${SCHEMA}.outbox (
        outbox_seq bigserial PRIMARY KEY, event_id text NOT NULL UNIQUE, topic text NOT NULL, message_key text,
        payload jsonb NOT NULL, published_at timestamptz)`);
    await dataSource.query(`CREATE INDEX outbox_unpublished ON ${SCHEMA}.outbox (outbox_seq) WHERE published_at IS NULL`);
  });

  /** Writes, in this order, plain events and batch rows for three keys; returns each key's expected numbers. */
  async function writeOutbox(run: string): Promise<Map<string, number[]>> {
    const expected = new Map<string, number[]>();
    let next = 0;
    for (let row = 0; row < 40; row++) {
      const key = `${run}-k${row % 3}`;
      const numbers = expected.get(key) ?? [];
      expected.set(key, numbers);
      if (row % 5 === 4) {
        const count = 1 + (row % 4);
        await dataSource.query(`INSERT INTO ${SCHEMA}.outbox (event_id, topic, message_key, payload) VALUES ($1, $2, '', $3)`, [
          `${run}-batch-${row}`,
          BATCH_TOPIC,
          JSON.stringify({ key, first: next, count }),
        ]);
        for (let index = 0; index < count; index++) numbers.push(next++);
      } else {
        await dataSource.query(`INSERT INTO ${SCHEMA}.outbox (event_id, topic, message_key, payload) VALUES ($1, 'things', $2, $3)`, [
          `${key}:${next}`,
          key,
          JSON.stringify({ key, n: next }),
        ]);
        numbers.push(next++);
      }
    }
    return expected;
  }

  /** Each key's numbers in the order first seen (a re-sent event is seen again later; consumers drop it by id). */
  function firstSightings(messages: Array<{ value: string | null }>, run: string): Map<string, number[]> {
    const seen = new Map<string, number[]>();
    const ids = new Set<string>();
    for (const message of messages) {
      const { key, n } = JSON.parse(message.value ?? '{}') as { key: string; n: number };
      if (!key.startsWith(`${run}-`) || ids.has(`${key}:${n}`)) continue;
      ids.add(`${key}:${n}`);
      seen.set(key, [...(seen.get(key) ?? []), n]);
    }
    return seen;
  }

  async function relayAll(producer: EventProducer, run: string, expected: Map<string, number[]>) {
    const total = [...expected.values()].reduce((sum, numbers) => sum + numbers.length, 0);
    await producer.connect();
    const relay = new OutboxRelay(dataSource, producer, { schema: SCHEMA, topicPrefix: prefix, batchSize: 7, idlePollMs: 20, expansions: { [BATCH_TOPIC]: batchExpansion } });
    relay.start();
    try {
      const messages = await readTopicUntil(topic, (read) => [...firstSightings(read, run).values()].reduce((sum, numbers) => sum + numbers.length, 0) >= total);
      await waitFor(async () => (await relay.pendingCount()) === 0, { description: 'every outbox row to be marked published' });
      return messages;
    } finally {
      await relay.stop();
      await producer.disconnect();
    }
  }

  it('publishes every row in outbox order over many sends, expanded rows in place, and marks each', async () => {
    const expected = await writeOutbox('calm');
    const messages = await relayAll(new EventProducer(kafka), 'calm', expected);
    expect(firstSightings(messages, 'calm')).toEqual(expected);
    for (const message of messages) expect(message.headers['x-event-id']).toBe(`${JSON.parse(message.value!).key}:${JSON.parse(message.value!).n}`);
  });

  it('after failed sends, resumes from the first row not marked: nothing lost, each key in order', async () => {
    const expected = await writeOutbox('flaky');
    const producer = new FlakyProducer(kafka, new Set([2, 5]));
    const messages = await relayAll(producer, 'flaky', expected);
    expect(producer.failures).toBe(2);
    expect(firstSightings(messages, 'flaky')).toEqual(expected);
  });

  it('polls an empty outbox less and less often, and still publishes what another instance commits', async () => {
    const producer = new EventProducer(kafka);
    await producer.connect();
    const reads = jest.spyOn(LeaderLock.prototype, 'query');
    const relay = new OutboxRelay(dataSource, producer, { schema: SCHEMA, topicPrefix: prefix, batchSize: 7, idlePollMs: 20, maxIdlePollMs: 300, expansions: { [BATCH_TOPIC]: batchExpansion } });
    relay.start();
    try {
      await new Promise((settle) => setTimeout(settle, 2_000));
      const outboxReads = reads.mock.calls.filter(([sql]) => /SELECT outbox_seq/.test(String(sql))).length;
      // Without the backoff, 2 s of 20 ms polls would be about a hundred reads.
      expect(outboxReads).toBeGreaterThan(2);
      expect(outboxReads).toBeLessThan(20);
      // Committed without notify(), as another instance's batch would be.
      const expected = await writeOutbox('quiet');
      const messages = await readTopicUntil(topic, (read) => [...firstSightings(read, 'quiet').values()].reduce((sum, numbers) => sum + numbers.length, 0) >= [...expected.values()].flat().length);
      expect(firstSightings(messages, 'quiet')).toEqual(expected);
    } finally {
      reads.mockRestore();
      await relay.stop();
      await producer.disconnect();
    }
  });
});
