// The Kafka front door against the real broker and database: raw POS records go through the same
// validation and idempotency as HTTP; good ones become movements once, bad ones land on the
// dead-letter topic, enveloped, with the original bytes and the reason.
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { TOPICS, decodeEvent, type DeadLetterV1 } from '@ledgerline/contracts';
import { readTopicUntil, testKafkaBrokers, waitFor } from '@ledgerline/testing';
import { ADMIN_API_KEY, PosIngestionHarness, get, post, sale, voidOf, type RunningService } from './pos-ingestion-harness';

jest.setTimeout(60_000);

describe('pos-ingestion Kafka intake (real Kafka and PostgreSQL)', () => {
  const harness = new PosIngestionHarness('pos-kafka');
  let service: RunningService;
  let till: Producer;

  beforeAll(async () => {
    await harness.setUp();
    service = await harness.start();
    await post(service.url, '/v1/admin/stores', { storeId: 'K-1' }, ADMIN_API_KEY);
    till = new Kafka({ clientId: `${harness.prefix}-till`, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).producer();
    await till.connect();
  });

  afterAll(async () => {
    await till?.disconnect();
    await service?.app.close();
    await harness.tearDown();
  });

  function publishRaw(records: Array<{ key: string | null; value: string }>) {
    return till.send({ topic: harness.topic(TOPICS.posTransactionsRaw.name), messages: records });
  }

  it('turns good records into movements once and dead-letters the bad ones with the reason', async () => {
    const good = sale('K-1', 'K-SALE', [{ sku: 'SOAP', quantity: 4 }]);
    const lateReturn = { ...sale('K-1', 'K-RETURN', [{ sku: 'SOAP', quantity: 1 }], 'return'), occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString() };
    const badJson = '{"transactionId":"K-BROKEN",';
    const badQuantity = JSON.stringify({ ...sale('K-1', 'K-ZERO'), lines: [{ lineNumber: 1, sku: 'SOAP', quantity: 0, unitPrice: '1.00' }] });
    const unknownStore = JSON.stringify(sale('K-404', 'K-NOWHERE'));
    const conflicting = JSON.stringify({ ...good, lines: [{ ...good.lines[0], quantity: 5 }] });

    await publishRaw([
      { key: 'K-1', value: JSON.stringify(good) },
      { key: 'K-1', value: badJson },
      { key: 'K-1', value: badQuantity },
      { key: 'K-404', value: unknownStore },
      { key: 'K-1', value: JSON.stringify(good) },
      { key: 'K-1', value: JSON.stringify(lateReturn) },
    ]);
    // Sent after the first batch so it meets the stored original, whatever the batching.
    await waitFor(async () => (await harness.movementsUntil(['pos:K-1:K-SALE:1'])).length > 0, { description: 'the sale to be published' });
    await publishRaw([{ key: 'K-1', value: conflicting }]);

    const deadLetters = await readTopicUntil(harness.topic(TOPICS.posTransactionsDeadLetter.name), (messages) => messages.length >= 4);
    const decoded = deadLetters.map((message) => {
      const result = decodeEvent(TOPICS.posTransactionsDeadLetter, message.value);
      if (!result.ok) throw new Error(`dead letter breaks its contract: ${JSON.stringify(result.errors)}`);
      return { key: message.key, envelope: result.value, letter: result.value.payload as DeadLetterV1 };
    });
    const byCode = new Map(decoded.map((entry) => [entry.letter.reasonCode, entry]));
    expect([...byCode.keys()].sort()).toEqual(['INTAKE.CONFLICT', 'INTAKE.MALFORMED_JSON', 'INTAKE.UNKNOWN_STORE', 'INTAKE.VALIDATION_FAILED']);

    const malformed = byCode.get('INTAKE.MALFORMED_JSON')!;
    expect(malformed.letter).toMatchObject({ originalValue: badJson, originalValueEncoding: 'utf8', originalKey: 'K-1', service: 'pos-ingestion', originalTopic: harness.topic(TOPICS.posTransactionsRaw.name) });
    expect(malformed.envelope).toMatchObject({ eventType: 'platform.dead-letter', producer: 'pos-ingestion' });
    expect(byCode.get('INTAKE.VALIDATION_FAILED')!.letter).toMatchObject({
      originalValue: badQuantity,
      errors: [{ path: 'lines[0].quantity', message: 'lines[0].quantity must be at least 1' }],
    });
    expect(byCode.get('INTAKE.UNKNOWN_STORE')!.letter).toMatchObject({ originalValue: unknownStore, originalKey: 'K-404', errors: [{ path: 'storeId' }] });
    expect(byCode.get('INTAKE.CONFLICT')!.letter).toMatchObject({ originalValue: conflicting, errors: [{ path: 'transactionId' }] });

    const movements = await harness.movementsUntil(['pos:K-1:K-SALE:1', 'pos:K-1:K-RETURN:1']);
    expect(movements.map((message) => message.movement.movementId).sort()).toEqual(['pos:K-1:K-RETURN:1', 'pos:K-1:K-SALE:1']);
    const late = movements.find((message) => message.movement.kind === 'return')!;
    expect(late.movement.occurredAt).toBe(lateReturn.occurredAt);

    const rejections = (await get(service.url, '/v1/admin/rejections?limit=10', ADMIN_API_KEY)).body as Array<{ channel: string; code: string }>;
    expect(rejections.filter((row) => row.channel === 'kafka').map((row) => row.code).sort()).toEqual([
      'INTAKE.CONFLICT',
      'INTAKE.MALFORMED_JSON',
      'INTAKE.UNKNOWN_STORE',
      'INTAKE.VALIDATION_FAILED',
    ]);
  });

  it('shares idempotency and void pairing with HTTP: a void over Kafka meets an original posted over HTTP', async () => {
    await publishRaw([{ key: 'K-1', value: JSON.stringify(voidOf('K-1', 'K-VOID', 'K-HTTP-SALE')) }]);
    await waitFor(
      async () => {
        const rows = await service.dataSource.query(
          `SELECT status FROM "${harness.config.DATABASE_SCHEMA}".pos_transaction WHERE store_id = 'K-1' AND transaction_id = 'K-VOID'`,
        );
        return rows[0]?.status === 'pending-original';
      },
      { description: 'the void to be parked' },
    );
    const issued = await post(service.url, '/v1/admin/api-keys', { storeId: 'K-1' }, ADMIN_API_KEY);
    const original = sale('K-1', 'K-HTTP-SALE', [{ sku: 'SOAP', quantity: 2 }]);
    expect((await post(service.url, '/v1/transactions', original, String(issued.body['apiKey']))).status).toBe(202);
    // The same sale arriving over Kafka as well is a duplicate: nothing more is published.
    await publishRaw([{ key: 'K-1', value: JSON.stringify(original) }]);

    const movements = await harness.movementsUntil(['pos:K-1:K-HTTP-SALE:1', 'pos:K-1:K-HTTP-SALE:1:void']);
    const ours = movements.filter((message) => message.movement.movementId.startsWith('pos:K-1:K-HTTP-SALE'));
    expect(ours.map((message) => message.movement.kind)).toEqual(['sale', 'void']);
    await waitFor(async () => {
      const metrics = (await get(service.url, '/metrics')).text;
      return /pos_transactions_duplicate_total\{[^}]*channel="kafka"[^}]*\} [1-9]/.test(metrics);
    }, { description: 'the Kafka duplicate to be counted' });
    const again = await harness.movementsUntil(['pos:K-1:K-HTTP-SALE:1:void']);
    expect(again.filter((message) => message.movement.movementId.startsWith('pos:K-1:K-HTTP-SALE'))).toHaveLength(2);
  });
});
