// The running system end to end, each service as its own process against the real broker and
// database: a POS client posts sales, returns and a void over HTTP to pos-ingestion (with the
// retries and duplicates real tills produce), an ERP publishes receipts to the movements topic,
// the ledger applies everything, and a plain kafkajs consumer playing the ERP reads
// stock-changed. The balances it sees (de-duplicated by event id, latest by balance version)
// must equal what was received minus what was sold plus what came back, and so must the ledger's
// query API.
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS, createEnvelope, type InventoryMovementV1, type PosTransactionV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, kafkaSecurity, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, driftAuditPassAfter, issueCredential, startServiceProcess, testKafkaBrokers, uniqueTestId, waitFor, type ServiceProcess, type TestDatabase } from '@ledgerline/testing';

jest.setTimeout(240_000);

const ADMIN_API_KEY = 'system-test-admin-key-0123456789abcdef';
const STORES = ['S1', 'S2'];
const SKUS = ['COFFEE', 'TEA', 'MUG', 'FILTER'];

interface ErpView {
  onHand: number;
  balanceVersion: number;
  inventoryValue: string;
}

describe('POS -> pos-ingestion -> Kafka -> inventory-ledger -> ERP (services as processes)', () => {
  const prefix = uniqueTestId('system');
  let database: TestDatabase;
  let ledger: ServiceProcess;
  let ingestion: ServiceProcess;
  let erpProducer: EventProducer;
  const erpView = new Map<string, ErpView>();
  const seenEventIds = new Set<string>();
  let erpConsumer: ReturnType<Kafka['consumer']>;
  let stockReader: string;

  beforeAll(async () => {
    database = await createTestDatabase('system-pos-to-erp');
    const common = {
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'warn',
    };
    ledger = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: { ...common, ...database.serviceEnv('inventory_ledger'), MOVEMENTS_PARTITIONS: '3', DRIFT_AUDIT_PASS_PAUSE_MS: '200', ADMIN_API_KEY } });
    // The ERP reads the ledger with a credential of the stock:read scope, as an operator would issue it.
    stockReader = await issueCredential(ledger.url, ADMIN_API_KEY, ['stock:read'], 'ERP');
    ingestion = await startServiceProcess({ name: 'pos-ingestion', entry: 'apps/pos-ingestion/src/main.ts', env: { ...common, ...database.serviceEnv('pos_ingestion'), ADMIN_API_KEY } });
    erpProducer = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${prefix}-erp` }));
    await erpProducer.connect();

    // The ERP's view of stock, built from stock-changed alone.
    erpConsumer = new Kafka({ ...kafkaSecurity(), clientId: `${prefix}-erp-reader`, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).consumer({ groupId: `${prefix}-erp`, maxWaitTimeInMs: 100 });
    await erpConsumer.connect();
    await erpConsumer.subscribe({ topic: prefixedTopic(prefix, TOPICS.stockChanged.name), fromBeginning: true });
    await erpConsumer.run({
      eachMessage: async ({ message }) => {
        const envelope = JSON.parse(message.value!.toString('utf8')) as { eventId: string; payload: { sku: string; locationId: string; onHand: number; balanceVersion: number; inventoryValue: string } };
        if (seenEventIds.has(envelope.eventId)) return;
        seenEventIds.add(envelope.eventId);
        const { sku, locationId, onHand, balanceVersion, inventoryValue } = envelope.payload;
        const key = `${sku}@${locationId}`;
        if ((erpView.get(key)?.balanceVersion ?? 0) < balanceVersion) erpView.set(key, { onHand, balanceVersion, inventoryValue });
      },
    });
  });

  afterAll(async () => {
    await erpConsumer?.disconnect();
    await erpProducer?.disconnect();
    await ingestion?.stop();
    await ledger?.stop();
    await database?.drop();
  });

  async function admin(path: string, body: unknown): Promise<Response> {
    return fetch(`${ingestion.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('the ERP sees exactly what was received, sold, returned and voided', async () => {
    const apiKeys = new Map<string, string>();
    for (const storeId of STORES) {
      expect((await admin('/v1/admin/stores', { storeId, name: `Store ${storeId}` })).status).toBeLessThan(300);
      const issued = await admin('/v1/admin/api-keys', { storeId, label: 'till 1' });
      expect(issued.status).toBe(201);
      apiKeys.set(storeId, ((await issued.json()) as { apiKey: string }).apiKey);
    }

    // The ERP receives 50 of everything everywhere.
    const receipts: InventoryMovementV1[] = STORES.flatMap((locationId) =>
      SKUS.map((sku, index) => ({ movementId: `rcpt:${sku}:${locationId}`, kind: 'receipt' as const, sku, locationId, quantity: 50, unitCost: `${index + 1}.5000`, occurredAt: minutesAgo(120), source: { system: 'erp' as const, documentId: 'DN-1' } })),
    );
    await erpProducer.send(
      receipts.map((movement) => ({
        topic: prefixedTopic(prefix, TOPICS.inventoryMovements.name),
        key: `${movement.sku}@${movement.locationId}`,
        value: createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'erp', occurredAt: movement.occurredAt }),
      })),
    );

    // Tills: 60 sales over both stores, 6 returns, one void of a sale.
    const expected = new Map<string, number>(receipts.map((movement) => [`${movement.sku}@${movement.locationId}`, 50]));
    const transactions: PosTransactionV1[] = [];
    for (let index = 0; index < 60; index += 1) {
      const storeId = STORES[index % STORES.length]!;
      const lines = [0, 1].map((offset) => ({ lineNumber: offset + 1, sku: SKUS[(index + offset) % SKUS.length]!, quantity: 1 + ((index + offset) % 3), unitPrice: '4.20' }));
      transactions.push({ transactionId: `sale-${index}`, storeId, terminalId: 'T1', occurredAt: minutesAgo(60 - index / 2), currency: 'EUR', type: 'sale', lines });
      for (const line of lines) expected.set(`${line.sku}@${storeId}`, expected.get(`${line.sku}@${storeId}`)! - line.quantity);
    }
    for (let index = 0; index < 6; index += 1) {
      const storeId = STORES[index % STORES.length]!;
      const sku = SKUS[index % SKUS.length]!;
      transactions.push({ transactionId: `return-${index}`, storeId, terminalId: 'T1', occurredAt: minutesAgo(20), currency: 'EUR', type: 'return', lines: [{ lineNumber: 1, sku, quantity: 1, unitPrice: '4.20' }] });
      expected.set(`${sku}@${storeId}`, expected.get(`${sku}@${storeId}`)! + 1);
    }
    const voided = transactions[4]!;
    transactions.push({ transactionId: 'void-of-sale-4', storeId: voided.storeId, terminalId: 'T1', occurredAt: minutesAgo(10), currency: 'EUR', type: 'void', voidsTransactionId: voided.transactionId });
    for (const line of voided.type === 'sale' ? voided.lines : []) expected.set(`${line.sku}@${voided.storeId}`, expected.get(`${line.sku}@${voided.storeId}`)! + line.quantity);

    for (const storeId of STORES) {
      const own = transactions.filter((transaction) => transaction.storeId === storeId);
      const post = (batch: PosTransactionV1[]) =>
        fetch(`${ingestion.url}/v1/transactions/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKeys.get(storeId)}`, 'content-type': 'application/json' },
          body: JSON.stringify({ transactions: batch }),
        });
      const first = await post(own);
      expect(first.status).toBe(200);
      const answer = (await first.json()) as { accepted: number; rejected: number; results: Array<{ status: string }> };
      expect(answer.rejected).toBe(0);
      expect(answer.accepted).toBe(own.length);
      // A till that did not hear the answer sends the same batch again: all duplicates.
      const retry = (await (await post(own)).json()) as { accepted: number; duplicates: number };
      expect(retry).toMatchObject({ accepted: 0, duplicates: own.length });
    }

    const keys = [...expected.keys()];
    await waitFor(() => keys.every((key) => erpView.get(key)?.onHand === expected.get(key)) || undefined, {
      timeoutMs: 90_000,
      description: 'the ERP view of stock-changed to match received - sold + returned + voided',
    });
    for (const key of keys) {
      const [sku, locationId] = key.split('@') as [string, string];
      const stock = (await (await fetch(`${ledger.url}/v1/stock/${sku}/${locationId}`, { headers: { authorization: `Bearer ${stockReader}` } })).json()) as { onHand: number; balanceVersion: number; inventoryValue: string };
      expect({ key, onHand: stock.onHand, inventoryValue: stock.inventoryValue }).toEqual({ key, onHand: expected.get(key), inventoryValue: erpView.get(key)!.inventoryValue });
    }
    // The ledger's drift audit, in a pass begun after everything was applied, finds every balance equal to its movements.
    const audited = await driftAuditPassAfter(ledger.url, new Date(), stockReader);
    expect(audited).toMatchObject({ status: 'consistent', mismatches: [], lastCompletedPass: { mismatchesFound: 0 } });
  });
});

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}
