// A transfer shipped over Kafka and received over Kafka and HTTP, the ledger and pos-ingestion each
// as its own process against the real broker and database: a WMS publishes a receipt, a
// transfer-out and part of the transfer's receipt on inventory.movements.v1 itself; the ledger
// applies them, derives the transfer-shipped at the destination and publishes stock-changed events
// naming the transfer; pos-ingestion learns the shipment and the receipt from them, so the
// destination's staff receive over HTTP up to what was shipped less what the WMS received (422
// beyond it), and the ledger applies the receipts.
import { Client } from 'pg';
import { TOPICS, createEnvelope, stockKey, type InventoryMovementV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, issueCredential, startServiceProcess, testKafkaBrokers, uniqueTestId, waitFor, type ServiceProcess, type TestDatabase } from '@ledgerline/testing';
import { publishCatalog } from './support/erp-catalog';

jest.setTimeout(240_000);

const ADMIN_API_KEY = 'system-test-admin-key-0123456789abcdef';

describe('a transfer shipped over Kafka, received over HTTP (services as processes)', () => {
  const prefix = uniqueTestId('system-kafka-shipped');
  let database: TestDatabase;
  let ledger: ServiceProcess;
  let ingestion: ServiceProcess;
  let wms: EventProducer;

  beforeAll(async () => {
    database = await createTestDatabase('system-kafka-shipped');
    const common = { KAFKA_BROKERS: testKafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn', ADMIN_API_KEY };
    ledger = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: { ...common, ...database.serviceEnv('inventory_ledger'), MOVEMENTS_PARTITIONS: '3' } });
    ingestion = await startServiceProcess({ name: 'pos-ingestion', entry: 'apps/pos-ingestion/src/main.ts', env: { ...common, ...database.serviceEnv('pos_ingestion'), TOPIC_PARTITIONS: '3' } });
    wms = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${prefix}-wms` }));
    await wms.connect();
  });

  afterAll(async () => {
    await wms?.disconnect();
    await ingestion?.stop();
    await ledger?.stop();
    await database?.drop();
  });

  async function post(path: string, bearer: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${ingestion.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('takes the receipt up to what the ledger shipped less what it received over Kafka, and refuses the rest', async () => {
    for (const storeId of ['S1', 'W1']) await post('/v1/admin/stores', ADMIN_API_KEY, { storeId });
    const staff = String((await post('/v1/admin/api-keys', ADMIN_API_KEY, { storeId: 'S1', purpose: 'store-operations' })).body['apiKey']);
    const stockReader = await issueCredential(ledger.url, ADMIN_API_KEY, ['stock:read'], 'ERP');

    await publishCatalog(prefix, { skus: ['TEA'], locations: ['S1', 'W1'] });
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const source = { system: 'wms' as const, documentId: 'TR-77' };
    const movements: InventoryMovementV1[] = [
      { movementId: 'wms:GR-77', kind: 'receipt', sku: 'TEA', locationId: 'W1', quantity: 20, unitCost: '2.0000', occurredAt: at, source },
      { movementId: 'wms:TR-77:out', kind: 'transfer-out', sku: 'TEA', locationId: 'W1', quantity: 8, occurredAt: at, source, transferId: 'TR-77', toLocationId: 'S1' },
      { movementId: 'wms:TR-77:in', kind: 'transfer-in', sku: 'TEA', locationId: 'S1', quantity: 2, occurredAt: at, source, transferId: 'TR-77', fromLocationId: 'W1' },
    ];
    await wms.send(
      movements.map((movement) => ({
        topic: prefixedTopic(prefix, TOPICS.inventoryMovements.name),
        key: stockKey(movement.sku, movement.locationId),
        value: createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'wms', occurredAt: at }),
      })),
    );
    // The receipt over Kafka, once the ledger applied it and pos-ingestion read its event.
    const owner = new Client({ connectionString: database.url });
    await owner.connect();
    try {
      await waitFor(async () => (await owner.query(`SELECT quantity FROM pos_ingestion.ledger_receipt WHERE movement_id = 'wms:TR-77:in'`)).rows[0]?.quantity === '2', {
        timeoutMs: 60_000,
        description: 'the receipt over Kafka learnt from the ledger',
      });
    } finally {
      await owner.end();
    }

    const receipt = (movementId: string, quantity: number) => ({ movementId, kind: 'transfer-in', sku: 'TEA', locationId: 'S1', quantity, occurredAt: at, source, transferId: 'TR-77', fromLocationId: 'W1' });
    // Taken once pos-ingestion has learnt the shipment from the ledger's events; refused as not
    // shipped before (or answered 503 while it is still learning the catalog).
    const first = await waitFor(
      async () => {
        const answer = await post('/v1/movements', staff, receipt('s1:TR-77:in:1', 5));
        if (answer.status === 202) return answer;
        if (answer.status === 503) expect(answer).toMatchObject({ body: { code: 'MOVEMENTS.CATALOG_CATCHING_UP' } });
        else expect(answer).toMatchObject({ status: 422, body: { errors: [{ code: 'MOVEMENTS.TRANSFER_NOT_SHIPPED' }] } });
        return undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, description: 'the receipt taken once the shipment is learnt' },
    );
    expect(first.body).toMatchObject({ accepted: 1 });
    expect(await post('/v1/movements', staff, receipt('s1:TR-77:in:2', 2))).toMatchObject({ status: 422, body: { errors: [{ code: 'MOVEMENTS.RECEIVED_MORE_THAN_SHIPPED' }] } });
    expect(await post('/v1/movements', staff, receipt('s1:TR-77:in:2', 1))).toMatchObject({ status: 202, body: { accepted: 1 } });

    // The ledger applies the three receipts: all 8 shipped units are on the shelf at S1, none in transit.
    const balance = await waitFor(
      async () => {
        const response = await fetch(`${ledger.url}/v1/stock/TEA/S1`, { headers: { authorization: `Bearer ${stockReader}` } });
        const body = (await response.json()) as { onHand?: number; inTransit?: number };
        return response.status === 200 && body.onHand === 8 ? body : undefined;
      },
      { timeoutMs: 60_000, description: 'the receipts applied by the ledger' },
    );
    expect(balance).toMatchObject({ onHand: 8, inTransit: 0 });
  });
});
