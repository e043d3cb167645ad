// Scale-out against the real broker and database: two ledger instances in one consumer group
// share the movement partitions and end with exactly the balances one instance reaches, which
// are also the balances of the in-memory reference ledger fed the same movements. Transfers
// cross partitions (the source posts transfer-out, the ledger publishes transfer-shipped to the
// destination's key); transfer-ins arrive in a second phase, after the shipments, as trucks do.
// Costs are uneven (a receipt whose exact total does not divide by its units makes each source's
// average a rounded figure): value is conserved to the ten-thousandth all the same, and the
// history checker's SQL invariants hold on each database.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TOPICS, createEnvelope, type InventoryMovementV1 } from '@ledgerline/contracts';
import { applyAllOnce, emptyLedger, type InMemoryLedger } from '@ledgerline/inventory-domain';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { divideRounded, formatMoney, multiplyByQuantity, parseMoney, sumMoney } from '@ledgerline/money';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, createTestTopics, testKafkaBrokers, uniqueTestId, waitFor, type TestDatabase } from '@ledgerline/testing';
import { DEFAULT_VALUATION_CURRENCY, ledgerConfigSchema } from '../src/config/ledger.config';
import { createInventoryLedgerApp } from '../src/create-inventory-ledger-app';
import { toDomainMovement } from '../src/ledger/movement-mapper';

jest.setTimeout(150_000);

const SKUS = Array.from({ length: 10 }, (_, index) => `SKU-${index}`);
const STORES = ['S1', 'S2', 'S3'];
const PARTITIONS = 4;

interface BalanceSnapshot {
  key: string;
  onHand: number;
  inTransit: number;
  onOrder: number;
  inventoryValue: string;
  version: number;
}

describe('inventory-ledger scale-out (real Kafka and PostgreSQL)', () => {
  const databases: TestDatabase[] = [];
  let producer: EventProducer;

  beforeAll(async () => {
    producer = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: uniqueTestId('erp') }));
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    for (const database of databases) await database.drop();
  });

  const at = (minute: number) => new Date(Date.UTC(2026, 10, 5, 7, 0) + minute * 60_000).toISOString();

  function phases(): [InventoryMovementV1[], InventoryMovementV1[]] {
    const first: InventoryMovementV1[] = [];
    const second: InventoryMovementV1[] = [];
    SKUS.forEach((sku, skuIndex) => {
      for (const [storeIndex, locationId] of STORES.entries()) {
        first.push({ movementId: `rcpt:${sku}:${locationId}`, kind: 'receipt', sku, locationId, quantity: 60, unitCost: `${(1 + skuIndex * 0.37 + storeIndex * 0.11).toFixed(4)}`, occurredAt: at(0), source: { system: 'erp', documentId: 'DN' } });
        for (let sale = 1; sale <= 8; sale += 1) {
          const transactionId = `${sku}-${locationId}-${sale}`;
          const movement: InventoryMovementV1 = { movementId: `pos:${locationId}:${transactionId}:1`, kind: 'sale', sku, locationId, quantity: 1 + ((sale + skuIndex) % 4), occurredAt: at(sale), source: { system: 'pos', storeId: locationId, transactionId, lineNumber: 1 } };
          (sale <= 4 ? first : second).push(movement);
        }
      }
      // Seven more units at S1 whose exact total does not divide by seven.
      const total = parseMoney((10 + skuIndex / 3).toFixed(4));
      first.push({ movementId: `rcpt-odd:${sku}:S1`, kind: 'receipt', sku, locationId: 'S1', quantity: 7, unitCost: formatMoney(divideRounded(total, 7)), totalCost: formatMoney(total), occurredAt: at(2), source: { system: 'erp', documentId: 'DN' } });
      // S1 sends stock to S2 and S3: out in phase one, in (after the shipment arrived) in phase two.
      for (const destination of ['S2', 'S3']) {
        const transferId = `TR-${sku}-${destination}`;
        first.push({ movementId: `${transferId}:out`, kind: 'transfer-out', sku, locationId: 'S1', quantity: 7, transferId, toLocationId: destination, occurredAt: at(5), source: { system: 'wms', documentId: transferId } });
        second.push({ movementId: `${transferId}:in`, kind: 'transfer-in', sku, locationId: destination, quantity: 7, transferId, fromLocationId: 'S1', occurredAt: at(30), source: { system: 'wms', documentId: transferId } });
      }
      second.push({ movementId: `rcpt2:${sku}:S3`, kind: 'receipt', sku, locationId: 'S3', quantity: 12, unitCost: '2.7500', occurredAt: at(40), source: { system: 'erp', documentId: 'DN2' } });
    });
    return [first, second];
  }

  async function runWith(instances: number): Promise<BalanceSnapshot[]> {
    const prefix = uniqueTestId(`ledger-scale-${instances}`);
    const database = await createTestDatabase(`ledger-scale-${instances}`);
    databases.push(database);
    await createTestTopics([{ topic: prefixedTopic(prefix, TOPICS.inventoryMovements.name), partitions: PARTITIONS }]);
    const config = ledgerConfigSchema.parse({
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      ...database.serviceEnv('inventory_ledger'),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}-ledger`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      MOVEMENTS_PARTITIONS: String(PARTITIONS),
      CATALOG_PARTITIONS: '1',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    });
    const apps: NestExpressApplication[] = [];
    try {
      for (let index = 0; index < instances; index += 1) {
        const app = await createInventoryLedgerApp({ ...config, INSTANCE_ID: `instance-${index}` });
        await app.init();
        apps.push(app);
      }
      await waitForMembers(`${prefix}-ledger`, instances);
      const dataSource = apps[0]!.get(DataSource);
      const [first, second] = phases();
      const shipments = first.filter((movement) => movement.kind === 'transfer-out').length;
      await publish(prefix, first);
      await waitForApplied(dataSource, first.length + shipments);
      await publish(prefix, second);
      await waitForApplied(dataSource, first.length + shipments + second.length);
      await expectValueConserved(database.url, [...first, ...second]);
      const rows: Array<{ sku: string; location_id: string; on_hand: string; in_transit: string; on_order: string; inventory_value: string; version: string }> =
        await dataSource.query(`SELECT * FROM inventory_ledger.stock_balance ORDER BY sku, location_id`);
      return rows.map((row) => ({
        key: `${row.sku}@${row.location_id}`,
        onHand: Number(row.on_hand),
        inTransit: Number(row.in_transit),
        onOrder: Number(row.on_order),
        inventoryValue: Number(row.inventory_value).toFixed(4),
        version: Number(row.version),
      }));
    } finally {
      for (const app of apps) await app.close();
    }
  }

  /** What the receipts brought is on the shelves or in cost of goods sold, exactly; nothing is left in transit. */
  async function expectValueConserved(url: string, movements: InventoryMovementV1[]): Promise<void> {
    const received = sumMoney(
      movements.map((movement) =>
        movement.kind !== 'receipt' ? 0n : movement.totalCost !== undefined ? parseMoney(movement.totalCost) : multiplyByQuantity(parseMoney(movement.unitCost), movement.quantity),
      ),
    );
    const owner = new Client({ connectionString: url });
    await owner.connect();
    try {
      expect((await checkLedgerInvariants(owner, 'inventory_ledger')).violations).toEqual([]);
      const { rows } = await owner.query<{ held: string; in_transit: string; cogs: string }>(
        `SELECT (SELECT sum(inventory_value) FROM inventory_ledger.stock_balance)::text AS held,
                (SELECT sum(abs(in_transit_value)) FROM inventory_ledger.stock_balance)::text AS in_transit,
                (SELECT sum(cost_of_goods_sold) FROM inventory_ledger.movement)::text AS cogs`,
      );
      expect(rows[0]?.in_transit).toBe('0.0000');
      expect(formatMoney(parseMoney(rows[0]!.held) + parseMoney(rows[0]!.cogs))).toBe(formatMoney(received));
    } finally {
      await owner.end();
    }
  }

  async function publish(prefix: string, movements: InventoryMovementV1[]): Promise<void> {
    await producer.send(
      movements.map((movement) => ({
        topic: prefixedTopic(prefix, TOPICS.inventoryMovements.name),
        key: `${movement.sku}@${movement.locationId}`,
        value: createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'erp', occurredAt: movement.occurredAt }),
      })),
    );
  }

  async function waitForApplied(dataSource: DataSource, count: number): Promise<void> {
    await waitFor(
      async () => {
        const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM inventory_ledger.movement`);
        return n === count ? true : undefined;
      },
      { timeoutMs: 60_000, description: `${count} movements in the ledger` },
    );
  }

  async function waitForMembers(groupId: string, members: number): Promise<void> {
    const admin = createKafkaClient({ brokers: testKafkaBrokers(), clientId: uniqueTestId('admin') }).admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const { groups } = await admin.describeGroups([groupId]);
          const group = groups[0];
          return group?.state === 'Stable' && group.members.length === members ? true : undefined;
        },
        { timeoutMs: 60_000, description: `${members} members in a stable group` },
      );
    } finally {
      await admin.disconnect();
    }
  }

  it('two instances share the partitions and reach the balances of one instance and of the reference ledger', async () => {
    const alone = await runWith(1);
    const together = await runWith(2);
    expect(together).toEqual(alone);
    expect(together).toHaveLength(SKUS.length * STORES.length);

    // The pure domain ledger, fed the same movements (and its own shipments) in the same phases.
    const [first, second] = phases();
    let reference: InMemoryLedger = applyAllOnce(emptyLedger(), first.map((movement) => toDomainMovement(movement, DEFAULT_VALUATION_CURRENCY)));
    reference = applyAllOnce(reference, reference.outbox);
    reference = applyAllOnce(reference, second.map((movement) => toDomainMovement(movement, DEFAULT_VALUATION_CURRENCY)));
    const expected = [...reference.balances.values()]
      .map((balance) => ({
        key: `${balance.sku}@${balance.locationId}`,
        onHand: balance.onHand,
        inTransit: balance.inTransit,
        onOrder: balance.onOrder,
        inventoryValue: formatMoney(balance.inventoryValue),
        version: balance.version,
      }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    expect(together).toEqual(expected);
  });
});
