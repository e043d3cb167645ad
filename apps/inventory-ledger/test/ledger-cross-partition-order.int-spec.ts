// Out-of-order delivery across partitions, against the real broker and database. A transfer
// touches two keys, so two partitions: the source's transfer-out (from which the ledger derives
// the shipment on the destination's key) and the destination's transfer-in, which a fast WMS may
// deliver before the shipment exists. Whatever the order, the ledger ends with the same
// quantities and values, nothing left in transit, and every balance equal to its movements.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { TOPICS, createEnvelope, type InventoryMovementV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, createTestTopics, testKafkaBrokers, uniqueTestId, waitFor, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../src/config/ledger.config';
import { createInventoryLedgerApp } from '../src/create-inventory-ledger-app';

jest.setTimeout(120_000);

const SKUS = ['KETTLE', 'TOASTER', 'GRINDER', 'SCALE', 'CARAFE', 'SPOON'];

describe('inventory-ledger with transfers delivered out of order across partitions (real Kafka and PostgreSQL)', () => {
  const databases: TestDatabase[] = [];
  let producer: EventProducer;

  beforeAll(async () => {
    producer = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: uniqueTestId('wms') }));
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    for (const database of databases) await database.drop();
  });

  const at = (minute: number) => new Date(Date.UTC(2026, 10, 6, 6, 0) + minute * 60_000).toISOString();
  const wms = (documentId: string) => ({ system: 'wms' as const, documentId });

  function movementsFor(sku: string, index: number) {
    const transferId = `TR-${sku}`;
    const setup: InventoryMovementV1[] = [
      { movementId: `rcpt:${sku}:DC`, kind: 'receipt', sku, locationId: 'DC', quantity: 30, unitCost: `${(2 + index * 0.5).toFixed(4)}`, occurredAt: at(0), source: { system: 'erp', documentId: 'DN' } },
      { movementId: `rcpt:${sku}:S1`, kind: 'receipt', sku, locationId: 'S1', quantity: 5, unitCost: '9.0000', occurredAt: at(0), source: { system: 'erp', documentId: 'DN' } },
    ];
    const transferOut: InventoryMovementV1 = { movementId: `${transferId}:out`, kind: 'transfer-out', sku, locationId: 'DC', quantity: 12, transferId, toLocationId: 'S1', occurredAt: at(10), source: wms(transferId) };
    const transferIn: InventoryMovementV1 = { movementId: `${transferId}:in`, kind: 'transfer-in', sku, locationId: 'S1', quantity: 12, transferId, fromLocationId: 'DC', occurredAt: at(50), source: wms(transferId) };
    return { setup, transferOut, transferIn };
  }

  async function run(order: 'shipment-first' | 'receipt-first') {
    const prefix = uniqueTestId(`ledger-order-${order}`);
    const database = await createTestDatabase(`ledger-order-${order}`);
    databases.push(database);
    await createTestTopics([{ topic: prefixedTopic(prefix, TOPICS.inventoryMovements.name), partitions: 4 }]);
    const app: NestExpressApplication = await createInventoryLedgerApp(
      ledgerConfigSchema.parse({
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        ...database.serviceEnv('inventory_ledger'),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_GROUP_ID: `${prefix}-ledger`,
        HTTP_PORT: '0',
        LOG_LEVEL: 'warn',
        MOVEMENTS_PARTITIONS: '4',
        CATALOG_PARTITIONS: '1',
      }),
    );
    await app.init();
    try {
      const dataSource = app.get(DataSource);
      const all = SKUS.map(movementsFor);
      const count = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM inventory_ledger.movement`))[0].n as number;
      await publish(prefix, all.flatMap((entry) => entry.setup));
      await waitFor(async () => ((await count()) === SKUS.length * 2 ? true : undefined), { timeoutMs: 30_000, description: 'the opening receipts' });
      if (order === 'receipt-first') {
        // The store books the goods in before the ledger has even seen them leave the DC.
        await publish(prefix, all.map((entry) => entry.transferIn));
        await waitFor(async () => ((await count()) === SKUS.length * 3 ? true : undefined), { timeoutMs: 30_000, description: 'the early transfer-ins' });
        await publish(prefix, all.map((entry) => entry.transferOut));
      } else {
        await publish(prefix, all.map((entry) => entry.transferOut));
        await waitFor(async () => ((await count()) === SKUS.length * 4 ? true : undefined), { timeoutMs: 30_000, description: 'the shipments' });
        await publish(prefix, all.map((entry) => entry.transferIn));
      }
      await waitFor(async () => ((await count()) === SKUS.length * 5 ? true : undefined), { timeoutMs: 30_000, description: 'every movement and shipment' });
      const drift = await dataSource.query(`
        SELECT b.sku, b.location_id FROM inventory_ledger.stock_balance b
          LEFT JOIN (SELECT sku, location_id, SUM(quantity_delta) AS q, SUM(in_transit_delta) AS t, SUM(value_delta) AS v, count(*) AS n
                       FROM inventory_ledger.movement GROUP BY 1, 2) m USING (sku, location_id)
         WHERE b.on_hand <> m.q OR b.in_transit <> m.t OR b.inventory_value <> m.v OR b.version <> m.n`);
      const balances: Array<{ sku: string; location_id: string; on_hand: string; in_transit: string; inventory_value: string }> = await dataSource.query(
        `SELECT sku, location_id, on_hand::text, in_transit::text, inventory_value::text FROM inventory_ledger.stock_balance ORDER BY sku, location_id`,
      );
      return { drift, balances };
    } finally {
      await app.close();
    }
  }

  async function publish(prefix: string, movements: InventoryMovementV1[]): Promise<void> {
    await producer.send(
      movements.map((movement) => ({
        topic: prefixedTopic(prefix, TOPICS.inventoryMovements.name),
        key: `${movement.sku}@${movement.locationId}`,
        value: createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'wms', occurredAt: movement.occurredAt }),
      })),
    );
  }

  it('ends with the same stock and value whether the shipment or the store receipt arrives first', async () => {
    const inOrder = await run('shipment-first');
    const reversed = await run('receipt-first');
    expect(inOrder.drift).toEqual([]);
    expect(reversed.drift).toEqual([]);
    expect(reversed.balances).toEqual(inOrder.balances);
    for (const balance of reversed.balances) {
      expect({ key: `${balance.sku}@${balance.location_id}`, inTransit: balance.in_transit }).toEqual({ key: `${balance.sku}@${balance.location_id}`, inTransit: '0' });
      expect(Number(balance.on_hand)).toBe(balance.location_id === 'DC' ? 18 : 17);
    }
  });
});
