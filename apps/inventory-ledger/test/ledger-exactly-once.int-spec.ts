// The ledger service end to end against the real broker and database: movements published to
// Kafka are applied once, whatever is delivered twice; a replay of the whole topic from offset
// zero (a new consumer group) changes no balance; every balance equals the sum of its movements;
// the compacted stock-levels topic alone rebuilds the balances the query API reports.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { TOPICS, createEnvelope, type InventoryMovementV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, driftAuditPassAfter, issueCredential, readTopicUntil, testKafkaBrokers, uniqueTestId, waitFor, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema, type LedgerConfig } from '../src/config/ledger.config';
import { createInventoryLedgerApp } from '../src/create-inventory-ledger-app';

jest.setTimeout(90_000);

const ADMIN_API_KEY = 'ledger-admin-key-0123456789abcdef';

describe('inventory-ledger (real Kafka and PostgreSQL)', () => {
  const prefix = uniqueTestId('ledger');
  let database: TestDatabase;
  let producer: EventProducer;
  let config: LedgerConfig;

  beforeAll(async () => {
    database = await createTestDatabase('ledger-exactly-once');
    config = ledgerConfigSchema.parse({
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      ...database.serviceEnv('inventory_ledger'),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}-ledger`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      MOVEMENTS_PARTITIONS: '3',
      ADMIN_API_KEY,
    });
    producer = new EventProducer(createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `${prefix}-erp` }));
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await database.drop();
  });

  /** Started with a credential of the stock:read scope to read it with. */
  async function startLedger(overrides: Partial<LedgerConfig> = {}): Promise<{ app: NestExpressApplication; url: string; reader: { headers: { authorization: string } } }> {
    const app = await createInventoryLedgerApp({ ...config, ...overrides });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const url = `http://127.0.0.1:${address.port}`;
    return { app, url, reader: { headers: { authorization: `Bearer ${await issueCredential(url, ADMIN_API_KEY, ['stock:read'])}` } } };
  }

  async function committedOffsets(groupId: string): Promise<number> {
    const admin = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `${prefix}-admin` }).admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [prefixedTopic(prefix, TOPICS.inventoryMovements.name)] });
      return (offsets?.partitions ?? []).reduce((sum, { offset }) => sum + Math.max(Number(offset), 0), 0);
    } finally {
      await admin.disconnect();
    }
  }

  function publish(movements: InventoryMovementV1[]) {
    return producer.send(
      movements.map((movement) => ({
        topic: prefixedTopic(prefix, TOPICS.inventoryMovements.name),
        key: `${movement.sku}@${movement.locationId}`,
        value: createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'erp', occurredAt: movement.occurredAt }),
      })),
    );
  }

  const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute)).toISOString();
  const erp = { system: 'erp' as const, documentId: 'DN-1' };
  const pos = (transactionId: string) => ({ system: 'pos' as const, storeId: 'S1', transactionId, lineNumber: 1 });

  it('applies every movement once despite duplicates and a replay from offset zero', async () => {
    const { app, url, reader } = await startLedger();
    try {
      const receipts: InventoryMovementV1[] = ['COFFEE', 'TEA'].map((sku, index) => ({
        movementId: `rcpt-${sku}`,
        kind: 'receipt',
        sku,
        locationId: 'S1',
        quantity: 100,
        unitCost: index === 0 ? '2.5000' : '1.0000',
        occurredAt: at(0),
        source: erp,
      }));
      const sales: InventoryMovementV1[] = Array.from({ length: 40 }, (_, index) => ({
        movementId: `pos:S1:T${index}:1`,
        kind: 'sale',
        sku: index % 2 === 0 ? 'COFFEE' : 'TEA',
        locationId: 'S1',
        quantity: 1 + (index % 3),
        occurredAt: at(1 + index),
        source: pos(`T${index}`),
      }));
      await publish(receipts);
      await publish(sales);
      await publish(sales.slice(0, 15)); // a retrying till sends some twice
      await publish([sales[3]!, sales[3]!, receipts[0]!]);

      const expectedOnHand = (sku: string) => 100 - sales.filter((sale) => sale.sku === sku).reduce((sum, sale) => sum + (sale as { quantity: number }).quantity, 0);
      const coffee = await waitFor(
        async () => {
          const response = await fetch(`${url}/v1/stock/COFFEE/S1`, reader);
          const body = response.ok ? ((await response.json()) as StockBody) : undefined;
          return body?.balanceVersion === 21 ? body : undefined;
        },
        { timeoutMs: 30_000, description: 'COFFEE to reach 21 applied movements' },
      );
      expect(coffee.onHand).toBe(expectedOnHand('COFFEE'));
      expect(coffee.averageUnitCost).toBe('2.5000');
      expect(coffee.inventoryValue).toBe((expectedOnHand('COFFEE') * 2.5).toFixed(4));

      // Replay the whole topic from offset zero with a fresh consumer group: nothing changes.
      await app.close();
      // The drift audit runs in the background; here it rests only briefly between passes.
      const replay = await startLedger({ KAFKA_GROUP_ID: `${prefix}-replay`, DRIFT_AUDIT_PASS_PAUSE_MS: 100, DRIFT_AUDIT_CHUNK_PAUSE_MS: 0 });
      try {
        const dataSource = replay.app.get(DataSource);
        await waitFor(async () => (await committedOffsets(`${prefix}-replay`)) >= 60, {
          timeoutMs: 30_000,
          description: 'the replaying group to commit all 60 records',
        });
        const counts = await dataSource.query(`SELECT kind, count(*)::int AS n FROM inventory_ledger.movement GROUP BY kind ORDER BY kind`);
        expect(counts).toEqual([
          { kind: 'receipt', n: 2 },
          { kind: 'sale', n: 40 },
        ]);
        // A full audit pass that started after the replay was applied found every balance equal to its movements.
        const drift = await driftAuditPassAfter(replay.url, new Date(), replay.reader.headers.authorization.slice('Bearer '.length));
        expect(drift).toMatchObject({ status: 'consistent', mismatchesOpen: 0, mismatches: [], lastCompletedPass: { keysChecked: 2, movementsChecked: 42, mismatchesFound: 0 } });
        const tea = (await (await fetch(`${replay.url}/v1/stock/TEA/S1`, replay.reader)).json()) as StockBody;
        expect(tea.onHand).toBe(expectedOnHand('TEA'));
        expect(tea.balanceVersion).toBe(21);

        // An ERP consumer rebuilds current stock from the compacted stock-levels topic alone.
        const levels = await readTopicUntil(prefixedTopic(prefix, TOPICS.stockLevels.name), (messages) => {
          const latest = latestLevels(messages.map((message) => JSON.parse(message.value!)));
          return latest.get('COFFEE@S1')?.balanceVersion === 21 && latest.get('TEA@S1')?.balanceVersion === 21;
        });
        const latest = latestLevels(levels.map((message) => JSON.parse(message.value!)));
        expect(latest.get('COFFEE@S1')?.onHand).toBe(coffee.onHand);
        expect(latest.get('TEA@S1')?.onHand).toBe(tea.onHand);

        // One stock-changed event per applied movement, each event id once.
        const changed = await readTopicUntil(prefixedTopic(prefix, TOPICS.stockChanged.name), (messages) => new Set(messages.map((m) => JSON.parse(m.value!).eventId)).size >= 42);
        const ids = changed.map((message) => JSON.parse(message.value!).eventId as string);
        expect(new Set(ids).size).toBe(42);
      } finally {
        await replay.app.close();
      }
    } finally {
      await app.close().catch(() => undefined);
    }
  });
});

interface StockBody {
  onHand: number;
  balanceVersion: number;
  averageUnitCost: string;
  inventoryValue: string;
}

interface LevelEnvelope {
  payload: { sku: string; locationId: string; onHand: number; balanceVersion: number };
}

function latestLevels(envelopes: LevelEnvelope[]): Map<string, LevelEnvelope['payload']> {
  const latest = new Map<string, LevelEnvelope['payload']>();
  for (const { payload } of envelopes) {
    const key = `${payload.sku}@${payload.locationId}`;
    if ((latest.get(key)?.balanceVersion ?? 0) < payload.balanceVersion) latest.set(key, payload);
  }
  return latest;
}
