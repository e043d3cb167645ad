// The system with Kafka authentication and ACLs on: a broker of its own with SASL/SCRAM and the
// platform's ACLs (tools/kafka/acls.sh), pos-ingestion and the ledger each started as its own
// process and principal, an ERP as the `erp` principal. A POS sale over HTTP reaches the ledger
// and the ERP's stock-changed reader; a count variance the ERP forges, claiming to be the ledger,
// is dead-lettered; and what the ACLs forbid a service is refused by the broker.
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS, createEnvelope, type InventoryMovementV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, kafkaSecurityFrom, prefixedTopic } from '@ledgerline/messaging';
import { SecureBroker, createTestDatabase, issueCredential, startServiceProcess, uniqueTestId, waitFor, type ServiceProcess, type TestDatabase } from '@ledgerline/testing';

jest.setTimeout(180_000);

const ADMIN_API_KEY = 'authenticated-kafka-admin-key-0123456789';
const BROKER_AND_SERVICES_START_MS = 420_000;

describe('the system on an authenticated Kafka (SASL/SCRAM, ACLs)', () => {
  const prefix = uniqueTestId('authn');
  const topic = (name: string) => prefixedTopic(prefix, name);
  let broker: SecureBroker;
  let database: TestDatabase;
  let ledger: ServiceProcess;
  let ingestion: ServiceProcess;
  let erp: EventProducer;
  let stockReader: string;

  beforeAll(async () => {
    broker = await SecureBroker.start('system');
    await broker.acls('apply', '--topic-prefix', prefix);
    database = await createTestDatabase('system-authenticated-kafka');
    const common = { KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn', ADMIN_API_KEY };
    ledger = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: { ...common, ...database.serviceEnv('inventory_ledger'), ...broker.clientEnv('inventory-ledger'), MOVEMENTS_PARTITIONS: '3' }, readyTimeoutMs: 120_000 });
    ingestion = await startServiceProcess({ name: 'pos-ingestion', entry: 'apps/pos-ingestion/src/main.ts', env: { ...common, ...database.serviceEnv('pos_ingestion'), ...broker.clientEnv('pos-ingestion'), TOPIC_PARTITIONS: '3' }, readyTimeoutMs: 120_000 });
    stockReader = await issueCredential(ledger.url, ADMIN_API_KEY, ['stock:read'], 'ERP');
    erp = new EventProducer(createKafkaClient({ brokers: broker.brokers, clientId: `${prefix}-erp`, security: kafkaSecurityFrom(broker.clientEnv('erp')) }));
    await erp.connect();
  }, BROKER_AND_SERVICES_START_MS);

  afterAll(async () => {
    await erp?.disconnect();
    await ingestion?.stop();
    await ledger?.stop();
    await database?.drop();
    await broker?.stop();
  });

  async function admin(service: ServiceProcess, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    return fetch(`${service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_API_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function onHand(sku: string): Promise<number | undefined> {
    const response = await fetch(`${ledger.url}/v1/stock/${sku}/S1`, { headers: { authorization: `Bearer ${stockReader}` } });
    return response.ok ? ((await response.json()) as { onHand: number }).onHand : undefined;
  }

  it('takes a POS sale through pos-ingestion to the ledger and the ERP, each service as its own principal', async () => {
    const receipt: InventoryMovementV1 = { movementId: 'rcpt:TEA:S1', kind: 'receipt', sku: 'TEA', locationId: 'S1', quantity: 20, unitCost: '1.2500', occurredAt: minutesAgo(30), source: { system: 'erp', documentId: 'GR-1' } };
    await erp.send([{ topic: topic(TOPICS.inventoryMovements.name), key: 'TEA@S1', value: createEnvelope(TOPICS.inventoryMovements, receipt, { producer: 'erp', occurredAt: receipt.occurredAt }) }]);

    expect((await admin(ingestion, 'POST', '/v1/admin/stores', { storeId: 'S1', name: 'Store S1' })).status).toBeLessThan(300);
    const issued = await admin(ingestion, 'POST', '/v1/admin/api-keys', { storeId: 'S1', label: 'till 1' });
    const { apiKey } = (await issued.json()) as { apiKey: string };
    const sale = await fetch(`${ingestion.url}/v1/transactions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ transactionId: 'sale-1', storeId: 'S1', terminalId: 'T1', occurredAt: minutesAgo(5), currency: 'EUR', type: 'sale', lines: [{ lineNumber: 1, sku: 'TEA', quantity: 3, unitPrice: '2.50' }] }),
    });
    expect(sale.status).toBe(202);
    await waitFor(async () => (await onHand('TEA')) === 17 || undefined, { timeoutMs: 60_000, description: 'the sale applied by the ledger' });

    // The ERP reads stock-changed in a group of its own.
    const seen = await readAs('erp', 'erp-stock-view', topic(TOPICS.stockChanged.name), (values) => values.some((value) => value.includes('"onHand":17')));
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  it('dead-letters a count variance from the ERP even when it claims to come from the ledger', async () => {
    const forged: InventoryMovementV1 = { movementId: 'forged-variance-1', kind: 'adjustment', sku: 'TEA', locationId: 'S1', quantity: 500, reasonCode: 'count-variance', occurredAt: minutesAgo(2), source: { system: 'ledger', documentId: 'CNT-9' } };
    await erp.send([{ topic: topic(TOPICS.inventoryMovements.name), key: 'TEA@S1', value: createEnvelope(TOPICS.inventoryMovements, forged, { producer: 'inventory-ledger', occurredAt: forged.occurredAt }) }]);
    const reasons = await waitFor(
      async () => {
        const answer = (await (await admin(ledger, 'GET', '/v1/admin/dead-letters/reasons')).json()) as Array<{ reasonCode: string; count: number }>;
        return answer.length > 0 ? answer : undefined;
      },
      { timeoutMs: 60_000, description: 'the forged variance dead-lettered' },
    );
    expect(reasons).toEqual([expect.objectContaining({ reasonCode: 'LEDGER.RESERVED_REASON_CODE', count: 1 })]);
    expect(await onHand('TEA')).toBe(17);
  });

  // kafkajs wraps the broker's TOPIC_AUTHORIZATION_FAILED in its own error, keeping the broker's text.
  it('refuses pos-ingestion and the ERP what only the ledger may write', async () => {
    for (const principal of ['pos-ingestion', 'erp']) {
      const producer = new Kafka({ ...kafkaSecurityFrom(broker.clientEnv(principal)), clientId: `${prefix}-${principal}`, brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 1 } }).producer();
      await producer.connect();
      try {
        for (const name of [TOPICS.stockChanged.name, TOPICS.stockLevels.name]) {
          await expect(producer.send({ topic: topic(name), messages: [{ key: 'TEA@S1', value: '{}' }] })).rejects.toThrow('Topic authorization failed');
        }
      } finally {
        await producer.disconnect();
      }
    }
  });

  async function readAs(principal: string, groupId: string, name: string, isComplete: (values: string[]) => boolean): Promise<string[]> {
    const consumer = new Kafka({ ...kafkaSecurityFrom(broker.clientEnv(principal)), clientId: `${prefix}-${principal}-reader`, brokers: broker.brokers, logLevel: logLevel.NOTHING }).consumer({ groupId, maxWaitTimeInMs: 100 });
    const values: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [name], fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value?.toString('utf8') ?? '') });
      return await waitFor(() => (isComplete(values) ? values : undefined), { timeoutMs: 60_000, description: `${principal} reading ${name}` });
    } finally {
      await consumer.disconnect();
    }
  }
});

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}
