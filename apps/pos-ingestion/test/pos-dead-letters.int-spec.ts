// Refused POS records dealt with by an operator, against the real broker and database: a sale of
// a store not registered yet and a malformed record are dead-lettered and archived; the command
// lists them by reason; once the store is registered the sale is replayed (the whole reason at
// once) and becomes movements once, also when it is replayed a second time; the malformed record
// is discarded with who and why recorded, and the admin API shows the same archive.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { TOPICS } from '@ledgerline/contracts';
import { REPLAY_HEADER, type DeadLetterDetail, type DeadLetterPage, type ReasonCount } from '@ledgerline/messaging';
import { REPOSITORY_ROOT, readTopicUntil, testKafkaBrokers, waitFor } from '@ledgerline/testing';
import { ADMIN_API_KEY, PosIngestionHarness, get, post, sale, type RunningService } from './pos-ingestion-harness';

jest.setTimeout(120_000);

const run = promisify(execFile);

describe('pos-ingestion dead letters (real Kafka and PostgreSQL)', () => {
  const harness = new PosIngestionHarness('pos-dead-letters');
  let service: RunningService;
  let till: Producer;

  beforeAll(async () => {
    await harness.setUp();
    service = await harness.start();
    await post(service.url, '/v1/admin/stores', { storeId: 'D-1' }, ADMIN_API_KEY);
    // Idempotent, so a send retried on a slow broker cannot write a record twice (two dead letters of one till record).
    till = new Kafka({ clientId: `${harness.prefix}-till`, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
    await till.connect();
  });

  afterAll(async () => {
    await till?.disconnect();
    await service?.app.close();
    await harness.tearDown();
  });

  /** The dead-letters command as an operator runs it, on this test's database and broker. */
  async function command<T>(...args: string[]): Promise<T> {
    const { stdout } = await run('node', ['-r', './tools/ts-register.cjs', 'apps/pos-ingestion/src/cli/dead-letters.ts', ...args], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, DATABASE_URL: harness.config.DATABASE_URL, KAFKA_BROKERS: testKafkaBrokers().join(','), LOG_LEVEL: 'error' },
    });
    return JSON.parse(stdout) as T;
  }

  async function movementIdsOnTopic(until: (ids: string[]) => boolean): Promise<string[]> {
    const messages = await readTopicUntil(harness.topic(TOPICS.inventoryMovements.name), (read) => until(read.map((message) => movementIdOf(message.value))));
    return messages.map((message) => movementIdOf(message.value));
  }

  it('replays a sale of a store registered late exactly once and records a discard', async () => {
    const lateStoreSale = JSON.stringify(sale('D-404', 'D-T1', [{ sku: 'SOAP', quantity: 3 }]));
    await till.send({
      topic: harness.topic(TOPICS.posTransactionsRaw.name),
      messages: [
        { key: 'D-404', value: lateStoreSale, headers: { 'content-type': 'application/json' } },
        { key: 'D-1', value: '{"transactionId":"D-BROKEN",' },
      ],
    });

    const reasons = await waitFor(
      async () => {
        const counts = await command<ReasonCount[]>('reasons');
        return counts.length === 2 ? counts : undefined;
      },
      { timeoutMs: 60_000, description: 'both dead letters archived' },
    );
    expect(reasons.map(({ reasonCode, count }) => [reasonCode, count]).sort()).toEqual([['INTAKE.MALFORMED_JSON', 1], ['INTAKE.UNKNOWN_STORE', 1]]);
    const [unknownStore] = (await command<DeadLetterPage>('list', '--code', 'INTAKE.UNKNOWN_STORE')).items;
    expect(unknownStore).toMatchObject({ status: 'open', originalKey: 'D-404', service: 'pos-ingestion' });

    // Replaying before the fix only refuses it again: nothing to gain, so the store comes first.
    await post(service.url, '/v1/admin/stores', { storeId: 'D-404' }, ADMIN_API_KEY);
    expect(await command('replay', '--code', 'INTAKE.UNKNOWN_STORE', '--by', 'ops@example', '--note', 'store D-404 registered')).toEqual({ replayed: 1, skipped: [] });
    expect(await movementIdsOnTopic((ids) => ids.includes('pos:D-404:D-T1:1'))).toContain('pos:D-404:D-T1:1');

    // Again, forced: the intake finds a duplicate of what it took in and publishes nothing more.
    await expect(command('replay', unknownStore!.eventId, '--by', 'ops@example')).rejects.toMatchObject({ stderr: expect.stringContaining('DEAD_LETTER.ALREADY_REPLAYED') });
    expect(await command('replay', unknownStore!.eventId, '--by', 'ops@example', '--force')).toMatchObject({ eventId: unknownStore!.eventId, edited: false });
    // A later sale of the same store and item: its movement follows any second copy on the same partition.
    await till.send({ topic: harness.topic(TOPICS.posTransactionsRaw.name), messages: [{ key: 'D-404', value: JSON.stringify(sale('D-404', 'D-T2', [{ sku: 'SOAP', quantity: 1 }])) }] });
    const ids = await movementIdsOnTopic((seen) => seen.includes('pos:D-404:D-T2:1') && seen.includes('pos:D-404:D-T1:1'));
    expect(ids.filter((id) => id === 'pos:D-404:D-T1:1')).toHaveLength(1);
    const raw = await readTopicUntil(harness.topic(TOPICS.posTransactionsRaw.name), (read) => read.filter((message) => message.headers[REPLAY_HEADER] === unknownStore!.eventId).length === 2);
    expect(raw.filter((message) => message.headers[REPLAY_HEADER] === unknownStore!.eventId).map((message) => [message.key, message.value, message.headers['content-type']])).toEqual([
      ['D-404', lateStoreSale, 'application/json'],
      ['D-404', lateStoreSale, 'application/json'],
    ]);

    const [malformed] = (await command<DeadLetterPage>('list', '--code', 'INTAKE.MALFORMED_JSON')).items;
    await expect(command('discard', malformed!.eventId)).rejects.toMatchObject({ stderr: expect.stringContaining('discard needs --reason') });
    const discarded = await command<DeadLetterDetail>('discard', malformed!.eventId, '--by', 'ops@example', '--reason', 'till firmware bug, resent by the store');
    expect(discarded).toMatchObject({ status: 'discarded', actions: [{ action: 'discarded', actedBy: 'ops@example', note: 'till firmware bug, resent by the store' }] });

    // The admin API reads the same archive.
    expect((await get(service.url, '/v1/admin/dead-letters/reasons')).status).toBe(401);
    expect((await get(service.url, '/v1/admin/dead-letters/reasons', ADMIN_API_KEY)).body).toEqual([]);
    const replayed = await get(service.url, '/v1/admin/dead-letters?status=replayed', ADMIN_API_KEY);
    expect(replayed.body).toMatchObject({ items: [{ eventId: unknownStore!.eventId, replayCount: 2, lastActionBy: 'ops@example' }], next: null });
    expect((await get(service.url, '/v1/admin/dead-letters?limit=0', ADMIN_API_KEY)).status).toBe(422);
  });
});

function movementIdOf(value: string | null): string {
  return (JSON.parse(value ?? '{}') as { payload?: { movementId?: string } }).payload?.movementId ?? '';
}
