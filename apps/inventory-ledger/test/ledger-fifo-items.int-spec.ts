// Items valued first in, first out, through the running ledger (real Kafka and PostgreSQL): the
// method comes from catalog.items.v1; a change of method reaches each existing key of the item as
// a derived movement on the movements topic and is applied in the key's own order, changing no
// figure; a new key of a FIFO item starts on layers; sales take the oldest layers first; a transfer
// carries its layers (and their dates) to the destination through the wire; a shipment whose layers
// do not add up to it is refused; a change back collapses the layers into the average. The history
// checker holds throughout.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { CatalogItemV1, InventoryMovementV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { EventProducer, createKafkaClient } from '@ledgerline/messaging';
import { createTestDatabase, issueCredential, testKafkaBrokers, uniqueTestId, waitFor, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema, type LedgerConfig } from '../src/config/ledger.config';
import { createInventoryLedgerApp } from '../src/create-inventory-ledger-app';
import { ErpPublisher } from './erp-publisher';

jest.setTimeout(240_000);

const SCHEMA = 'inventory_ledger';
const ADMIN_KEY = 'ledger-admin-key-fifo-0123456789abcdef';

describe('inventory-ledger FIFO items (real Kafka and PostgreSQL)', () => {
  const prefix = uniqueTestId('ledger-fifo');
  let database: TestDatabase;
  let producer: EventProducer;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let client: Client;
  let config: LedgerConfig;

  beforeAll(async () => {
    database = await createTestDatabase('ledger-fifo');
    config = ledgerConfigSchema.parse({
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      ...database.serviceEnv(SCHEMA),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}-ledger`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      MOVEMENTS_PARTITIONS: '2',
      CATALOG_PARTITIONS: '1',
      ADMIN_API_KEY: ADMIN_KEY,
    });
    producer = new EventProducer(createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `${prefix}-erp` }));
    await producer.connect();
    app = await createInventoryLedgerApp(config);
    await app.listen(0, '127.0.0.1');
    dataSource = app.get(DataSource);
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await app?.close();
    await producer?.disconnect();
    await database?.drop();
  });

  const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 9, minute)).toISOString();

  function item(sku: string, valuationMethod: CatalogItemV1['valuationMethod'], updatedAt: string): CatalogItemV1 {
    return { sku, description: `${sku} test item`, unit: 'each', packSize: 1, lowStockThreshold: 0, active: true, updatedAt, ...(valuationMethod ? { valuationMethod } : {}) };
  }

  const receipt = (id: string, sku: string, quantity: number, unitCost: string, totalCost: string, minute: number): InventoryMovementV1 => ({
    movementId: id, kind: 'receipt', sku, locationId: 'W1', quantity, unitCost, totalCost, occurredAt: at(minute), source: { system: 'erp', documentId: id },
  });
  const sale = (id: string, sku: string, quantity: number, minute: number): InventoryMovementV1 => ({
    movementId: id, kind: 'sale', sku, locationId: 'W1', quantity, occurredAt: at(minute), source: { system: 'pos', storeId: 'W1', transactionId: id, lineNumber: 1 },
  });

  const publishCatalog = (items: CatalogItemV1[]) => new ErpPublisher(producer, prefix).catalogItems(items);
  const publishMovements = (movements: InventoryMovementV1[]) => new ErpPublisher(producer, prefix).movements(movements);

  async function balance(sku: string) {
    const { rows } = await client.query<{ on_hand: string; inventory_value: string; valuation_method: string; version: string; cogs: string }>(
      `SELECT b.on_hand, b.inventory_value::text, b.valuation_method, b.version,
              (SELECT COALESCE(sum(cost_of_goods_sold), 0)::text FROM ${SCHEMA}.movement m WHERE m.sku = b.sku AND m.location_id = b.location_id) AS cogs
         FROM ${SCHEMA}.stock_balance b WHERE b.sku = $1 AND b.location_id = 'W1'`,
      [sku],
    );
    return rows[0];
  }

  async function layers(sku: string, locationId = 'W1') {
    const { rows } = await client.query<{ pool: string; units: string; value: string; received_at: Date }>(
      `SELECT pool, units, value::text, received_at FROM ${SCHEMA}.stock_layer WHERE sku = $1 AND location_id = $2 ORDER BY pool, position`,
      [sku, locationId],
    );
    return rows.map((row) => ({ pool: row.pool, units: Number(row.units), value: row.value, receivedAt: row.received_at.toISOString() }));
  }

  const until = <T>(description: string, probe: () => Promise<T | undefined>) => waitFor(probe, { timeoutMs: 60_000, description });

  it('takes the method from the catalog, changes it per key as a dated movement with no figure changing, and values by layers after it', async () => {
    // TEA is valued at the average until the catalog says otherwise; COCOA is FIFO from its first key.
    await publishCatalog([item('TEA', undefined, at(0)), item('COCOA', 'fifo', at(0))]);
    await until('both items in the ledger', async () => ((await client.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.item_setting`)).rows[0].n === 2 ? true : undefined));
    await publishMovements([receipt('tea-r1', 'TEA', 3, '3.3333', '10.0000', 1), receipt('cocoa-r1', 'COCOA', 2, '1.5000', '3.0000', 1), receipt('cocoa-r2', 'COCOA', 2, '2.5000', '5.0000', 2)]);
    await until('the receipts', async () => ((await balance('TEA'))?.version === '1' && (await balance('COCOA'))?.version === '2' ? true : undefined));
    expect(await balance('TEA')).toMatchObject({ valuation_method: 'moving-average', inventory_value: '10.0000' });
    expect(await layers('TEA')).toEqual([]);
    expect(await layers('COCOA')).toEqual([
      { pool: 'on-hand', units: 2, value: '3.0000', receivedAt: at(1) },
      { pool: 'on-hand', units: 2, value: '5.0000', receivedAt: at(2) },
    ]);

    // TEA becomes FIFO at minute 5: its one key gets a method change, which changes no figure.
    await publishCatalog([item('TEA', 'fifo', at(5))]);
    await until('the method change of TEA@W1', async () => ((await balance('TEA'))?.valuation_method === 'fifo' ? true : undefined));
    expect(await balance('TEA')).toMatchObject({ on_hand: '3', inventory_value: '10.0000', version: '2', cogs: '0.0000' });
    const { rows: changes } = await client.query(`SELECT kind, quantity_delta, value_delta::text, occurred_at FROM ${SCHEMA}.movement WHERE kind = 'valuation-method-change'`);
    expect(changes).toEqual([{ kind: 'valuation-method-change', quantity_delta: '0', value_delta: '0.0000', occurred_at: new Date(at(5)) }]);
    expect(await layers('TEA')).toEqual([{ pool: 'on-hand', units: 3, value: '10.0000', receivedAt: at(5) }]);

    // Oldest first: TEA sells its 3 units of the change (10.00) and 1 of the new receipt (4.00);
    // COCOA its first layer (3.00) and half the second (2.50).
    await publishMovements([receipt('tea-r2', 'TEA', 2, '4.0000', '8.0000', 6), sale('tea-s1', 'TEA', 4, 7), sale('cocoa-s1', 'COCOA', 3, 7)]);
    await until('the sales', async () => ((await balance('TEA'))?.version === '4' && (await balance('COCOA'))?.version === '3' ? true : undefined));
    expect(await balance('TEA')).toMatchObject({ on_hand: '1', inventory_value: '4.0000', cogs: '14.0000' });
    expect(await balance('COCOA')).toMatchObject({ on_hand: '1', inventory_value: '2.5000', cogs: '5.5000' });
    expect(await layers('COCOA')).toEqual([{ pool: 'on-hand', units: 1, value: '2.5000', receivedAt: at(2) }]);

    // Back to the average: the layers collapse, the figures stay, a sale is at the average.
    await publishCatalog([item('COCOA', 'moving-average', at(8))]);
    await until('COCOA back at the average', async () => ((await balance('COCOA'))?.valuation_method === 'moving-average' ? true : undefined));
    expect(await balance('COCOA')).toMatchObject({ on_hand: '1', inventory_value: '2.5000', cogs: '5.5000' });
    expect(await layers('COCOA')).toEqual([]);
    // Applying the catalog record again derives nothing new.
    await publishCatalog([item('COCOA', 'moving-average', at(8))]);
    await publishMovements([receipt('cocoa-r3', 'COCOA', 1, '4.5000', '4.5000', 9)]);
    await until('the last receipt', async () => ((await balance('COCOA'))?.on_hand === '2' ? true : undefined));
    expect(await balance('COCOA')).toMatchObject({ inventory_value: '7.0000', version: '5' });

    // A transfer from the FIFO key carries its layer to a new key of the item, which starts FIFO:
    // in transit and then on the shelf, the unit keeps the date it was received at W1.
    await publishMovements([
      { movementId: 'tea-t1', kind: 'transfer-out', sku: 'TEA', locationId: 'W1', quantity: 1, transferId: 'TR-1', toLocationId: 'S2', occurredAt: at(10), source: { system: 'erp', documentId: 'TR-1' } },
    ]);
    await until('the shipment at S2', async () => ((await layers('TEA', 'S2')).length === 1 ? true : undefined));
    expect(await layers('TEA', 'S2')).toEqual([{ pool: 'in-transit', units: 1, value: '4.0000', receivedAt: at(6) }]);
    const { rows: shipped } = await client.query(`SELECT payload->'layers' AS layers FROM ${SCHEMA}.movement WHERE kind = 'transfer-shipped'`);
    expect(shipped).toEqual([{ layers: [{ units: 1, totalCost: '4.0000', receivedAt: at(6) }] }]);
    await publishMovements([
      { movementId: 'tea-in1', kind: 'transfer-in', sku: 'TEA', locationId: 'S2', quantity: 1, transferId: 'TR-1', fromLocationId: 'W1', occurredAt: at(11), source: { system: 'erp', documentId: 'TR-1' } },
    ]);
    await until('the arrival at S2', async () => ((await layers('TEA', 'S2'))[0]?.pool === 'on-hand' ? true : undefined));
    expect(await layers('TEA', 'S2')).toEqual([{ pool: 'on-hand', units: 1, value: '4.0000', receivedAt: at(6) }]);
    expect(await layers('TEA')).toEqual([]);

    // The API shows a key's layers to a reader of stock.
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const reader = await issueCredential(url, ADMIN_KEY, ['stock:read']);
    const response = await fetch(`${url}/v1/stock/TEA/S2/layers`, { headers: { authorization: `Bearer ${reader}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      valuationMethod: 'fifo',
      onHand: { units: 1, value: '4.0000', layers: [{ receivedAt: at(6), units: 1, value: '4.0000', unitCost: '4.0000' }], more: false },
      inTransit: { units: 0, layers: [] },
    });

    // The valuation export names each key's method, now and as of a time before a change.
    const valuer = await issueCredential(url, ADMIN_KEY, ['valuation:read']);
    const valuation = async (asOf?: string) => {
      const query = new URLSearchParams({ locationId: 'W1', format: 'json', ...(asOf === undefined ? {} : { asOf }) });
      const rows = (await (await fetch(`${url}/v1/exports/valuation?${query.toString()}`, { headers: { authorization: `Bearer ${valuer}` } })).json()) as Array<{ sku: string; valuationMethod: string }>;
      return Object.fromEntries(rows.map((row) => [row.sku, row.valuationMethod]));
    };
    expect(await valuation()).toEqual({ COCOA: 'moving-average', TEA: 'fifo' });
    expect(await valuation(at(3))).toEqual({ COCOA: 'fifo', TEA: 'moving-average' });
    expect(await valuation(at(7))).toEqual({ COCOA: 'fifo', TEA: 'fifo' });

    // A shipment whose layers do not add up to it is refused, naming the field, and applies nothing.
    await publishMovements([
      {
        movementId: 'wms-bad-shipment', kind: 'transfer-shipped', sku: 'TEA', locationId: 'S2', quantity: 2, transferId: 'TR-2', fromLocationId: 'W9', unitCost: '1.0000', totalCost: '2.0000',
        layers: [{ units: 2, totalCost: '1.9999', receivedAt: at(1) }], occurredAt: at(12), source: { system: 'wms' },
      },
    ]);
    const letter = await until('the refused shipment to be dead-lettered', async () => {
      const { rows } = await client.query<{ reason_code: string; errors: Array<{ path: string }> }>(`SELECT reason_code, errors FROM ${SCHEMA}.dead_letter`);
      return rows[0];
    });
    expect(letter).toMatchObject({ reason_code: 'LEDGER.INVALID_MOVEMENT', errors: [{ path: 'payload.layers' }] });
    expect((await client.query(`SELECT 1 FROM ${SCHEMA}.movement WHERE movement_id = 'wms-bad-shipment'`)).rows).toEqual([]);

    await until('the outbox to drain', async () =>
      (await dataSource.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox WHERE published_at IS NULL`))[0].n === 0 ? true : undefined,
    );
    expect((await checkLedgerInvariants(client, SCHEMA)).violations).toEqual([]);
  });
});
