// Test support: one ledger instance on the real broker and a fresh database, listening on a free
// port, with an ERP-like producer of movements on the test's own topics.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOPICS, createEnvelope, purchaseOrderCostKey, type CatalogItemV1, type CatalogLocationV1, type InventoryMovementV1, type PurchaseOrderCostV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, issueCredential, testKafkaBrokers, uniqueTestId, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../src/config/ledger.config';
import { createInventoryLedgerApp } from '../src/create-inventory-ledger-app';
import { ErpPublisher } from './erp-publisher';

export interface RunningLedger {
  readonly database: TestDatabase;
  readonly app: NestExpressApplication;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** The ledger's admin key (the test's own unless `settings` name one). */
  readonly adminApiKey: string;
  /** Request headers carrying a credential issued with the `stock:read` scope. */
  readonly stockReaderHeaders: Record<string, string>;
  /** The test's name of a topic (its prefix added). */
  topic(name: string): string;
  /** Publishes movements in the standard envelope, keyed by SKU and location; a deliberately broken one too. */
  publish(movements: Array<InventoryMovementV1 | Record<string, unknown>>): Promise<unknown>;
  /** Publishes catalog locations as the ERP does, on the test's catalog.locations.v1. */
  publishCatalogLocations(locations: CatalogLocationV1[]): Promise<unknown>;
  /** Publishes catalog items as the ERP does, on the test's catalog.items.v1. */
  publishCatalogItems(items: CatalogItemV1[]): Promise<unknown>;
  /** Publishes costs of whole purchase orders as the ERP does, keyed by order; a deliberately broken one too. */
  publishPurchaseOrderCosts(costs: Array<PurchaseOrderCostV1 | Record<string, unknown>>): Promise<unknown>;
  close(): Promise<void>;
}

export const RUNNING_LEDGER_ADMIN_API_KEY = 'ledger-admin-key-0123456789abcdef';

/** Where a second instance joins the first: the same database, topics and consumer group. */
export interface LedgerToJoin {
  readonly database: TestDatabase;
  readonly prefix: string;
}

/**
 * `settings` are ledger configuration values on top of the test's broker, database and topics.
 * With `join`, the instance shares another one's database and topics; closing it leaves the
 * database to that one.
 */
export async function startRunningLedger(name: string, settings: Record<string, string> = {}, join?: LedgerToJoin): Promise<RunningLedger & LedgerToJoin> {
  const prefix = join?.prefix ?? uniqueTestId(name);
  const database = join?.database ?? (await createTestDatabase(name));
  const config = ledgerConfigSchema.parse({
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    ...database.serviceEnv('inventory_ledger'),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}-ledger`,
    HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    MOVEMENTS_PARTITIONS: '2',
    ADMIN_API_KEY: RUNNING_LEDGER_ADMIN_API_KEY,
    ...settings,
  });
  const producer = new EventProducer(createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `${prefix}-erp` }));
  await producer.connect();
  const app = await createInventoryLedgerApp(config);
  await app.listen(0, '127.0.0.1');
  const topic = (topicName: string) => prefixedTopic(prefix, topicName);
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const adminApiKey = config.ADMIN_API_KEY ?? RUNNING_LEDGER_ADMIN_API_KEY;
  const stockReader = await issueCredential(url, adminApiKey, ['stock:read']);
  return {
    database,
    prefix,
    app,
    url,
    adminApiKey,
    stockReaderHeaders: { authorization: `Bearer ${stockReader}` },
    topic,
    publish: (movements) =>
      producer.send(
        movements.map((movement) => ({
          topic: topic(TOPICS.inventoryMovements.name),
          key: `${String(movement['sku'])}@${String(movement['locationId'])}`,
          value: createEnvelope(TOPICS.inventoryMovements, movement as InventoryMovementV1, { producer: 'erp', occurredAt: String(movement['occurredAt']) }),
        })),
      ),
    publishCatalogLocations: (locations) =>
      producer.send(
        locations.map((location) => ({
          topic: topic(TOPICS.catalogLocations.name),
          key: location.locationId,
          value: createEnvelope(TOPICS.catalogLocations, location, { producer: 'erp', occurredAt: location.updatedAt }),
        })),
      ),
    publishCatalogItems: (items) => new ErpPublisher(producer, prefix).catalogItems(items),
    publishPurchaseOrderCosts: (costs) =>
      producer.send(
        costs.map((cost) => ({
          topic: topic(TOPICS.purchaseOrderCosts.name),
          key: purchaseOrderCostKey(String(cost['purchaseOrderId'])),
          value: createEnvelope(TOPICS.purchaseOrderCosts, cost as PurchaseOrderCostV1, { producer: 'erp', occurredAt: String(cost['occurredAt']) }),
        })),
      ),
    close: async () => {
      await app.close();
      await producer.disconnect();
      if (join === undefined) await database.drop();
    },
  };
}
