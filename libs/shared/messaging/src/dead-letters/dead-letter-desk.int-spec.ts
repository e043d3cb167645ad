// The archive and the desk against the real database and broker: archiving is idempotent by
// event id; lists page by reason without skipping or repeating; a value PostgreSQL cannot hold as
// text (a NUL) is kept and replayed byte for byte; a value that is not UTF-8 is replayed only
// corrected; a letter of a routed topic is replayed to its route, never to its original topic;
// two discards at once record one; a replayed letter is not discarded.
import { openOwnerDatabase } from '@ledgerline/runtime';
import { createTestDatabase, createTestTopics, deleteTestTopics, readTopicUntil, testKafkaBrokers, uniqueTestId, type TestDatabase } from '@ledgerline/testing';
import type { DataSource } from 'typeorm';
import { deadLetterV1Example, type DeadLetterV1 } from '@ledgerline/contracts';
import { EventProducer } from '../event-producer';
import { createKafkaClient } from '../kafka-client';
import { DeadLetterArchive } from './dead-letter-archive';
import { DeadLetterDesk, REPLAY_HEADER } from './dead-letter-desk';
import { createDeadLetterTables } from './dead-letter-tables';

const SCHEMA = 'dead_letter_demo';

describe('DeadLetterArchive and DeadLetterDesk (real PostgreSQL and Kafka)', () => {
  const prefix = uniqueTestId('dead-letter-desk');
  const original = `${prefix}.pos.transactions.raw.v1`;
  const routedOriginal = `${prefix}.inventory.stock-changed.v1`;
  const route = `${prefix}.forecasting.stock-changed.replay.v1`;
  const producer = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: prefix }));
  let database: TestDatabase;
  let dataSource: DataSource;
  let archive: DeadLetterArchive;
  let desk: DeadLetterDesk;

  beforeAll(async () => {
    await createTestTopics([original, routedOriginal, route].map((topic) => ({ topic, partitions: 1 })));
    await producer.connect();
    database = await createTestDatabase('dead-letter-desk');
    dataSource = await openOwnerDatabase({ url: database.url, ownerUrl: database.url, schema: SCHEMA, entities: [], migrations: [], poolSize: 4, applicationName: 'dead-letter-desk-test' });
    for (const statement of createDeadLetterTables(SCHEMA)) await dataSource.query(statement);
    archive = new DeadLetterArchive(dataSource, SCHEMA);
    desk = new DeadLetterDesk(archive, producer);
  });

  afterAll(async () => {
    await producer.disconnect();
    await dataSource?.destroy();
    await database?.drop();
    await deleteTestTopics([original, routedOriginal, route]);
  });

  const letter = (offset: number, changes: Partial<DeadLetterV1> = {}): { eventId: string; deadLetterTopic: string; letter: DeadLetterV1 } => ({
    eventId: `dead-letter:${original}:0:${offset}`,
    deadLetterTopic: `${prefix}.pos.transactions.dead-letter.v1`,
    letter: { ...deadLetterV1Example, originalTopic: original, originalPartition: 0, originalOffset: String(offset), ...changes },
  });

  it('archives each letter once and pages through a reason without gaps', async () => {
    const letters = Array.from({ length: 7 }, (_, index) => letter(index, { reasonCode: index % 2 === 0 ? 'INTAKE.UNKNOWN_STORE' : 'INTAKE.VALIDATION_FAILED' }));
    expect(await archive.archive(letters)).toBe(7);
    expect(await archive.archive([...letters.slice(2), letter(7, { reasonCode: 'INTAKE.UNKNOWN_STORE' })])).toBe(1);
    expect((await desk.countsByReason()).map(({ reasonCode, count }) => [reasonCode, count])).toEqual([['INTAKE.UNKNOWN_STORE', 5], ['INTAKE.VALIDATION_FAILED', 3]]);
    const offsets: string[] = [];
    let after: string | undefined;
    do {
      const page = await desk.list({ status: 'open', reasonCode: 'INTAKE.UNKNOWN_STORE', after, limit: 2 });
      offsets.push(...page.items.map((item) => item.originalOffset));
      after = page.next ?? undefined;
    } while (after !== undefined);
    expect(offsets).toEqual(['0', '2', '4', '6', '7']);
  });

  it('keeps a value with a NUL exactly and replays it as it was; a value that is not UTF-8 only corrected', async () => {
    const withNul = '{"transactionId":"T\u0000X"}';
    const notUtf8 = Buffer.from([0xff, 0xfe, 0x41]).toString('base64');
    await archive.archive([
      letter(100, { reasonCode: 'INTAKE.NUL_CHARACTER', originalValue: withNul, reason: 'a NUL \u0000 here' }),
      letter(101, { reasonCode: 'INTAKE.NOT_UTF8', originalValue: notUtf8, originalValueEncoding: 'base64' }),
    ]);
    const kept = await desk.show(letter(100).eventId);
    expect(kept).toMatchObject({ originalValueEncoding: 'base64', reason: 'a NUL \uFFFD here' });
    await desk.replay(letter(100).eventId, { by: 'tester' });
    await expect(desk.replay(letter(101).eventId, { by: 'tester' })).rejects.toMatchObject({ code: 'DEAD_LETTER.NOT_TEXT' });
    await desk.replay(letter(101).eventId, { by: 'tester', value: '{"transactionId":"fixed"}', note: 'retyped from the till receipt' });
    const sent = await readTopicUntil(original, (messages) => messages.length >= 2);
    expect(sent.map((message) => [message.key, message.value, message.headers[REPLAY_HEADER]])).toEqual([
      ['S001', withNul, letter(100).eventId],
      ['S001', '{"transactionId":"fixed"}', letter(101).eventId],
    ]);
    expect((await desk.show(letter(101).eventId)).actions).toMatchObject([{ action: 'replayed', actedBy: 'tester', note: 'retyped from the till receipt', replayedValue: '{"transactionId":"fixed"}' }]);
  });

  it("replays a routed topic's letter to its route with its key and headers, and reports where it went", async () => {
    const routed = new DeadLetterDesk(archive, producer, { 'inventory.stock-changed.v1': 'forecasting.stock-changed.replay.v1' });
    const stockLetter = (offset: number, key: string) => ({
      ...letter(offset, { reasonCode: 'FORECASTING.OCCURRED_AFTER_APPLIED', originalTopic: routedOriginal, originalKey: key, originalValue: `{"offset":${offset}}`, originalHeaders: { traceparent: `t-${offset}` } }),
      eventId: `dead-letter:${routedOriginal}:0:${offset}`,
    });
    const [one, other] = [stockLetter(300, 'TEA@S1'), stockLetter(301, 'JAM@S1')];
    await archive.archive([one, other]);
    expect(await routed.replay(one.eventId, { by: 'tester' })).toEqual({ eventId: one.eventId, topic: route, key: 'TEA@S1', edited: false });
    expect(await routed.replayReason('FORECASTING.OCCURRED_AFTER_APPLIED', { by: 'tester' })).toEqual({ replayed: 1, skipped: [] });
    await routed.replay(one.eventId, { by: 'tester', force: true, value: '{"corrected":true}' });
    const sent = await readTopicUntil(route, (messages) => messages.length >= 3);
    expect(sent.map((message) => [message.key, message.value, message.headers['traceparent'], message.headers[REPLAY_HEADER]])).toEqual([
      ['TEA@S1', '{"offset":300}', 't-300', one.eventId],
      ['JAM@S1', '{"offset":301}', 't-301', other.eventId],
      ['TEA@S1', '{"corrected":true}', 't-300', one.eventId],
    ]);
    const admin = createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${prefix}-admin` }).admin();
    await admin.connect();
    try {
      expect(await admin.fetchTopicOffsets(routedOriginal)).toEqual([expect.objectContaining({ partition: 0, high: '0' })]);
    } finally {
      await admin.disconnect();
    }
  });

  it('records one of two discards made at once, and never discards a replayed letter', async () => {
    await archive.archive([letter(200, { reasonCode: 'INTAKE.CONFLICT' })]);
    const outcomes = await Promise.allSettled([desk.discard(letter(200).eventId, 'ana', 'duplicate of a corrected resend'), desk.discard(letter(200).eventId, 'ben', 'test data')]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const shown = await desk.show(letter(200).eventId);
    expect(shown.status).toBe('discarded');
    expect(shown.actions).toHaveLength(1);
    await expect(desk.discard(letter(100).eventId, 'ana', 'late')).rejects.toMatchObject({ code: 'DEAD_LETTER.NOT_OPEN' });
    await expect(desk.replay(letter(200).eventId, { by: 'ana', force: true })).rejects.toMatchObject({ code: 'DEAD_LETTER.DISCARDED' });
    await expect(desk.show('dead-letter:nowhere:0:0')).rejects.toMatchObject({ code: 'DEAD_LETTER.NOT_FOUND' });
  });
});
