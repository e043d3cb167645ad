// The ledger's catalog facts and its least-privilege database role, against the real broker and
// database: thresholds from catalog.items.v1 drive low-stock alerts, a POS sale of a SKU the
// catalog lacks is recorded and reported once, and the running service's login role cannot change
// ledger history by any SQL it could send (not only because a trigger objects).
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { TOPICS, type CatalogItemV1, type InventoryMovementV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, historyChangesLetThrough, readTopicUntil, testKafkaBrokers, uniqueTestId, waitFor, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema, type LedgerConfig } from '../src/config/ledger.config';
import { createInventoryLedgerApp } from '../src/create-inventory-ledger-app';
import { ErpPublisher } from './erp-publisher';

jest.setTimeout(240_000);

describe('inventory-ledger catalog facts and privileges (real Kafka and PostgreSQL)', () => {
  const prefix = uniqueTestId('ledger-catalog');
  let database: TestDatabase;
  let producer: EventProducer;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let config: LedgerConfig;

  beforeAll(async () => {
    database = await createTestDatabase('ledger-catalog');
    config = ledgerConfigSchema.parse({
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      ...database.serviceEnv('inventory_ledger'),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}-ledger`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      MOVEMENTS_PARTITIONS: '2',
      CATALOG_PARTITIONS: '1',
    });
    producer = new EventProducer(createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `${prefix}-erp` }));
    await producer.connect();
    app = await createInventoryLedgerApp(config);
    await app.listen(0, '127.0.0.1');
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    await database?.drop();
  });

  const at = (minute: number) => new Date(Date.UTC(2026, 10, 3, 9, minute)).toISOString();

  function item(sku: string, lowStockThreshold: number, updatedAt: string): CatalogItemV1 {
    return { sku, description: `${sku} test item`, unit: 'each', packSize: 1, lowStockThreshold, active: true, updatedAt };
  }

  function sale(sku: string, transaction: number, quantity: number): InventoryMovementV1 {
    return {
      movementId: `pos:S9:${sku}-${transaction}:1`,
      kind: 'sale',
      sku,
      locationId: 'S9',
      quantity,
      occurredAt: at(10 + transaction),
      source: { system: 'pos', storeId: 'S9', transactionId: `${sku}-${transaction}`, lineNumber: 1 },
    };
  }

  const publishCatalog = (items: CatalogItemV1[]) => new ErpPublisher(producer, prefix).catalogItems(items);
  const publishMovements = (movements: InventoryMovementV1[]) => new ErpPublisher(producer, prefix).movements(movements);

  it('takes low-stock thresholds from the catalog, newest version wins, and alerts an unknown SKU once', async () => {
    // A newer version of MUG arrives before an older one: the older must not win.
    await publishCatalog([item('MUG', 5, at(2)), item('MUG', 50, at(1))]);
    await waitFor(
      async () => {
        const rows: Array<{ low_stock_threshold: number }> = await dataSource.query(`SELECT low_stock_threshold FROM inventory_ledger.item_setting WHERE sku = 'MUG'`);
        return rows[0]?.low_stock_threshold === 5 ? true : undefined;
      },
      { timeoutMs: 30_000, description: 'the MUG catalog item to reach the ledger' },
    );

    await publishMovements([
      { movementId: 'rcpt-MUG', kind: 'receipt', sku: 'MUG', locationId: 'S9', quantity: 8, unitCost: '3.0000', occurredAt: at(0), source: { system: 'erp', documentId: 'DN-9' } },
      sale('MUG', 1, 2), // 6 left: at or above 5, no alert
      sale('MUG', 2, 2), // 4 left: crosses below 5, one low-stock alert
      sale('MUG', 3, 1), // 3 left: still below, no second alert
      sale('GHOST', 1, 1),
      sale('GHOST', 2, 1),
    ]);
    await publishMovements([sale('GHOST', 3, 1)]);

    const alerts = await readTopicUntil(prefixedTopic(prefix, TOPICS.alerts.name), (messages) => {
      const types = messages.map((message) => JSON.parse(message.value!).payload.type as string);
      return types.includes('low-stock') && types.includes('unknown-sku') && types.includes('negative-stock');
    });
    await waitFor(async () => ((await dataSource.query(`SELECT count(*)::int AS n FROM inventory_ledger.movement`))[0].n === 7 ? true : undefined), {
      timeoutMs: 30_000,
      description: 'all seven movements to be applied',
    });
    // Let the relay publish anything still pending before counting.
    await waitFor(
      async () => ((await dataSource.query(`SELECT count(*)::int AS n FROM inventory_ledger.outbox WHERE published_at IS NULL`))[0].n === 0 ? true : undefined),
      { timeoutMs: 30_000, description: 'the outbox to drain' },
    );
    const settled = await readTopicUntil(prefixedTopic(prefix, TOPICS.alerts.name), (messages) => messages.length >= alerts.length);
    const payloads = settled.map((message) => JSON.parse(message.value!).payload as { type: string; sku: string; threshold?: number; onHand: number });
    const mugLow = payloads.filter((alert) => alert.sku === 'MUG' && alert.type === 'low-stock');
    expect(mugLow).toHaveLength(1);
    expect(mugLow[0]).toMatchObject({ threshold: 5, onHand: 4 });
    expect(payloads.filter((alert) => alert.type === 'unknown-sku').map((alert) => alert.sku)).toEqual(['GHOST']);
    expect(payloads.some((alert) => alert.sku === 'MUG' && alert.type === 'unknown-sku')).toBe(false);

    const ghost: Array<{ on_hand: string }> = await dataSource.query(`SELECT on_hand FROM inventory_ledger.stock_balance WHERE sku = 'GHOST'`);
    expect(Number(ghost[0]!.on_hand)).toBe(-3);
  });

  it('connects as its own login role, which no SQL it could send lets change the history', async () => {
    const role = new URL(config.DATABASE_URL).username;
    expect(await dataSource.query('SELECT current_user AS role, session_user AS session')).toEqual([{ role, session: role }]);
    await expect(dataSource.query(`UPDATE inventory_ledger.movement SET quantity_delta = 0`)).rejects.toMatchObject({ code: '42501' });
    const privileges: Array<{ privilege_type: string }> = await dataSource.query(
      `SELECT privilege_type FROM information_schema.role_table_grants
        WHERE grantee = $1 AND table_schema = 'inventory_ledger' AND table_name = 'movement' ORDER BY 1`,
      [role],
    );
    expect(privileges.map((row) => row.privilege_type)).toEqual(['INSERT', 'SELECT']);
    const history = { schema: 'inventory_ledger', historyTables: ['movement', 'applied_movement_id', 'movement_carried_forward', 'movement_archived_period'] };
    expect(await historyChangesLetThrough({ ...history, serviceUrl: config.DATABASE_URL })).toEqual([]);
    // The same attempts as the schema's owner: the triggers stop the row changes, but not the rest.
    expect(await historyChangesLetThrough({ ...history, serviceUrl: database.url })).toEqual(expect.arrayContaining(['DROP TABLE "inventory_ledger"."movement" CASCADE', 'ALTER TABLE "inventory_ledger"."movement" DISABLE TRIGGER ALL']));
  });
});
