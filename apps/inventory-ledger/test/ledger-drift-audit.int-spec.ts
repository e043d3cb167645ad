// The drift audit inside the running service, against the real broker and database: with the
// walk resting for an hour, a balance broken by hand (as the schema's owner) is found as soon as
// a movement from Kafka writes its key, GET /v1/drift and /metrics say so, and a fix is seen
// the same way. GET /v1/drift reports what the audit found, not what the tables hold now.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { TOPICS, createEnvelope, type InventoryMovementV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, issueCredential, testKafkaBrokers, uniqueTestId, waitFor, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../src/config/ledger.config';
import { createInventoryLedgerApp } from '../src/create-inventory-ledger-app';

jest.setTimeout(90_000);

interface DriftBody {
  status: string;
  mismatches: Array<{ sku: string; field: string; stored: string; fromMovements: string }>;
  key?: { status: string };
}

const ADMIN_API_KEY = 'ledger-admin-key-0123456789abcdef';

describe('inventory-ledger drift audit (real Kafka and PostgreSQL)', () => {
  const prefix = uniqueTestId('ledger-drift');
  let database: TestDatabase;
  let producer: EventProducer;
  let owner: Client;
  let app: NestExpressApplication;
  let url: string;
  let stockReader: string;

  beforeAll(async () => {
    database = await createTestDatabase('ledger-drift-audit-service');
    const config = ledgerConfigSchema.parse({
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}-ledger`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      MOVEMENTS_PARTITIONS: '2',
      DRIFT_AUDIT_PASS_PAUSE_MS: '3600000',
      DRIFT_AUDIT_CHUNK_PAUSE_MS: '0',
      ADMIN_API_KEY,
    });
    producer = new EventProducer(createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `${prefix}-erp` }));
    await producer.connect();
    owner = new Client({ connectionString: database.url });
    await owner.connect();
    app = await createInventoryLedgerApp(config);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    stockReader = await issueCredential(url, ADMIN_API_KEY, ['stock:read']);
  });

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    await owner?.end();
    await database?.drop();
  });

  const publish = (movements: InventoryMovementV1[]) =>
    producer.send(
      movements.map((movement) => ({
        topic: prefixedTopic(prefix, TOPICS.inventoryMovements.name),
        key: `${movement.sku}@${movement.locationId}`,
        value: createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'pos-ingestion', occurredAt: movement.occurredAt }),
      })),
    );
  const sale = (sku: string, transactionId: string): InventoryMovementV1 => ({
    movementId: `pos:S1:${transactionId}:1`,
    kind: 'sale',
    sku,
    locationId: 'S1',
    quantity: 1,
    occurredAt: '2026-12-01T10:00:00.000Z',
    source: { system: 'pos', storeId: 'S1', transactionId, lineNumber: 1 },
  });
  const drift = async (query = ''): Promise<DriftBody> => (await (await fetch(`${url}/v1/drift${query}`, { headers: { authorization: `Bearer ${stockReader}` } })).json()) as DriftBody;
  const recentKeysVerified = async () => Number(/^ledger_drift_keys_verified_total\{[^}]*order="recent"[^}]*\} (\d+)$/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? 0);
  const onHand = async (sku: string) => ((await (await fetch(`${url}/v1/stock/${sku}/S1`, { headers: { authorization: `Bearer ${stockReader}` } })).json()) as { onHand?: number }).onHand;

  it('finds a broken balance when the ledger next writes it, and sees the fix the same way', async () => {
    await publish(['TEA', 'COFFEE'].map((sku) => ({ movementId: `grn-${sku}`, kind: 'receipt', sku, locationId: 'S1', quantity: 10, unitCost: '2.0000', occurredAt: '2026-12-01T08:00:00.000Z', source: { system: 'erp', documentId: `GRN-${sku}` } })));
    await waitFor(async () => (await onHand('TEA')) === 10 && (await onHand('COFFEE')) === 10, { description: 'the receipts to be applied' });
    // The walk ran at start and now rests for an hour; the two keys just written were checked out of turn.
    await waitFor(async () => (await recentKeysVerified()) >= 2, { description: 'the recent-key check of the receipts' });
    expect(await drift()).toMatchObject({ status: 'consistent', mismatches: [] });

    await owner.query(`UPDATE inventory_ledger.stock_balance SET on_hand = on_hand + 5 WHERE sku = 'TEA'`);
    // Nothing has checked it yet, and a request does not go and sum movements.
    expect(await drift()).toMatchObject({ status: 'consistent', mismatches: [] });

    await publish([sale('TEA', 'T-1')]);
    const found = await waitFor(async () => ((await drift()).status === 'mismatch' ? drift() : undefined), { description: 'the recent-key check to find the broken balance' });
    expect(found.mismatches).toEqual([expect.objectContaining({ sku: 'TEA', field: 'onHand', stored: '14', fromMovements: '9' })]);
    expect((await drift('?sku=TEA&locationId=S1')).key).toMatchObject({ status: 'mismatch' });
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^ledger_drift_mismatches_open\{[^}]*\} 1$/m);

    await owner.query(`UPDATE inventory_ledger.stock_balance SET on_hand = on_hand - 5 WHERE sku = 'TEA'`);
    await publish([sale('TEA', 'T-2')]);
    await waitFor(async () => (await drift()).status === 'consistent', { description: 'the recent-key check to clear the mismatch' });
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^ledger_drift_mismatches_open\{[^}]*\} 0$/m);
  });
});
