// The archive and the desk against the real database and broker: archiving is idempotent by
// event id; lists page by reason without skipping or repeating; a value PostgreSQL cannot hold as
// text (a NUL) is kept and replayed byte for byte; a value that is not UTF-8 is replayed only
// corrected; two discards at once record one; a replayed letter is not discarded.
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
  const producer = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: prefix }));
  let database: TestDatabase;
  let dataSource: DataSource;
  let archive: DeadLetterArchive;
  let desk: DeadLetterDesk;

  beforeAll(async () => {
    await createTestTopics([{ topic: original, partitions: 1 }]);
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
    await deleteTestTopics([original]);
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
