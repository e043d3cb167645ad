// The checker against a real ledger (its own process, the real broker and database): a clean run
// with duplicate deliveries passes with lost = 0 and doubled = 0; the same database tampered with
// behind the ledger's back (a row the ledger never wrote, with a wrong latest-time mark, an
// acknowledged id that never arrived, a valuation delta no movement backs, a shipment whose exact
// total was changed and that revalues the shelf with nothing received before it) fails with each
// violation named.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { TOPICS, createEnvelope, type InventoryMovementV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, createTestTopics, deleteTestTopics, readTopicUntil, testKafkaBrokers, uniqueTestId, waitFor, type TestDatabase } from '@ledgerline/testing';
import { MovementHistory, checkHistory, formatHistoryReport, unpublishedOutboxRecords, type StockChangedEnvelope } from './index';

jest.setTimeout(120_000);

const REPOSITORY_ROOT = resolve(__dirname, '../../../..');

describe('history checker against a real ledger', () => {
  const prefix = uniqueTestId('history-checker');
  const movementsTopic = prefixedTopic(prefix, TOPICS.inventoryMovements.name);
  const history = new MovementHistory();
  let database: TestDatabase;
  let client: Client;
  let producer: EventProducer;
  let ledger: ChildProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('history-checker');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await createTestTopics([{ topic: movementsTopic, partitions: 3 }]);
    producer = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${prefix}-erp` }));
    await producer.connect();
  });

  afterAll(async () => {
    ledger?.kill('SIGKILL');
    await producer?.disconnect();
    await client?.end();
    await database?.drop();
    await deleteTestTopics([movementsTopic]).catch(() => undefined);
  });

  async function publish(movements: InventoryMovementV1[]): Promise<void> {
    const ids = movements.map((movement) => movement.movementId);
    history.submitted(ids);
    await producer.send(
      movements.map((movement) => ({
        topic: movementsTopic,
        key: `${movement.sku}@${movement.locationId}`,
        value: createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'erp', occurredAt: movement.occurredAt }),
      })),
    );
    history.acknowledged(ids);
  }

  async function scalar(sql: string): Promise<number> {
    const { rows } = await client.query<{ n: string }>(sql);
    return Number(rows[0]?.n ?? 0);
  }

  it('passes a clean run with duplicates and a count, and names every violation once the ledger is tampered with', async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 8, minute)).toISOString();
    const keys = ['TEA@S1', 'TEA@S2', 'JAM@S1', 'JAM@S2'];
    const movements: InventoryMovementV1[] = keys.flatMap((key) => {
      const [sku, locationId] = key.split('@') as [string, string];
      const receipt: InventoryMovementV1 = { movementId: `rcpt:${key}`, kind: 'receipt', sku, locationId, quantity: 50, unitCost: '1.2500', occurredAt: at(0), source: { system: 'erp', documentId: 'DN-1' } };
      const sales: InventoryMovementV1[] = Array.from({ length: 12 }, (_, index) => ({
        movementId: `pos:${locationId}:${sku}-${index}:1`,
        kind: 'sale',
        sku,
        locationId,
        quantity: 1 + (index % 3),
        occurredAt: at(1 + index),
        source: { system: 'pos', storeId: locationId, transactionId: `${sku}-${index}`, lineNumber: 1 },
      }));
      const count: InventoryMovementV1 = { movementId: `count:${key}`, kind: 'count', sku, locationId, countId: `CNT-${key}`, countedQuantity: 20, occurredAt: at(30), source: { system: 'ops', documentId: 'CNT' } };
      return [receipt, ...sales, count];
    });
    // Value that moves: a transfer of 7 of 38 units at uneven cost, and a receipt priced in dollars.
    const transfer = { transferId: 'TR-1', sku: 'TEA', quantity: 7, source: { system: 'wms' as const, documentId: 'TR-1' } };
    movements.push(
      { movementId: 'rcpt-odd:TEA@S1', kind: 'receipt', sku: 'TEA', locationId: 'S1', quantity: 3, unitCost: '3.3333', totalCost: '10.0000', occurredAt: at(35), source: { system: 'erp', documentId: 'DN-2' } },
      { ...transfer, movementId: 'TR-1:out', kind: 'transfer-out', locationId: 'S1', toLocationId: 'S2', occurredAt: at(40) },
      { ...transfer, movementId: 'TR-1:in', kind: 'transfer-in', locationId: 'S2', fromLocationId: 'S1', occurredAt: at(41) },
      { movementId: 'rcpt-usd:JAM@S2', kind: 'receipt', sku: 'JAM', locationId: 'S2', quantity: 3, unitCost: '3.3333', totalCost: '10.0000', currency: 'USD', exchangeRate: '0.9234567891', occurredAt: at(45), source: { system: 'erp', documentId: 'DN-3' } },
    );
    await publish(movements);
    await publish(movements.filter((_, index) => index % 4 === 0)); // a retrying producer sends some twice

    ledger = spawn(process.execPath, ['-r', './tools/ts-register.cjs', 'apps/inventory-ledger/src/main.ts'], {
      cwd: REPOSITORY_ROOT,
      env: {
        ...process.env,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        ...database.serviceEnv('inventory_ledger'),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_GROUP_ID: `${prefix}-ledger`,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        MOVEMENTS_PARTITIONS: '3',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<void>((settle) => ledger!.once('exit', () => settle()));
    try {
      await waitFor(
        async () => {
          const external = await scalar(`SELECT count(*) AS n FROM inventory_ledger.movement WHERE caused_by_movement_id IS NULL AND payload->'source'->>'system' <> 'ledger'`).catch(() => 0);
          const shipped = await scalar(`SELECT count(*) AS n FROM inventory_ledger.movement WHERE kind = 'transfer-shipped'`).catch(() => 0);
          return external === movements.length && shipped === 1 && (await unpublishedOutboxRecords(client, 'inventory_ledger')) === 0 ? true : undefined;
        },
        { timeoutMs: 60_000, description: `all ${movements.length} movements applied and published` },
      );
    } finally {
      ledger.kill('SIGTERM');
      await exited;
    }
    const ledgerMovements = await scalar('SELECT count(*) AS n FROM inventory_ledger.movement');
    const stockChanged = await readStockChanged(prefix, ledgerMovements);

    const report = await checkHistory({ history, db: client, stockChanged });
    console.log(formatHistoryReport('clean run', report));
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, sent: movements.length, acknowledged: movements.length, applied: movements.length, lost: 0, doubled: 0, phantom: 0 });
    expect(report.deliveries).toBeGreaterThan(report.sent);
    expect(report.derived).toBe(keys.length + 1); // each count posted one variance adjustment; the transfer one shipment

    // Behind the ledger's back: a movement row it never wrote, and an acknowledged id that never arrived.
    await client.query(
      `INSERT INTO inventory_ledger.movement (movement_id, kind, sku, location_id, quantity_delta, in_transit_delta, on_order_delta,
         value_delta, in_transit_value_delta, cost_of_goods_sold, balance_version, on_hand_after, occurred_at, last_movement_at_after, payload)
       VALUES ('rogue-1', 'adjustment', 'TEA', 'S1', 5, 0, 0, 0, 0, 0, 99, 25, now(), '2026-01-01T00:00:00Z', '{"source":{"system":"erp"}}')`,
    );
    // A cost of goods sold no movement carries, as if a batch had written a delta it did not record.
    await client.query(
      `INSERT INTO inventory_ledger.valuation_delta (location_id, day, on_hand, inventory_value, in_transit_value, cost_of_goods_sold, balances)
       VALUES ('S2', '2026-01-05', 0, 0, 0, 1.0000, 0)`,
    );
    // A transfer whose shipment carries less than its source lost, as a mapper that dropped or
    // rounded the exact total would have produced; and that shipment, into in transit at zero,
    // puts part of its value on the shelf as if it corrected goods received before it.
    await client.query(
      `INSERT INTO inventory_ledger.movement (movement_id, kind, sku, location_id, quantity_delta, in_transit_delta, on_order_delta,
         value_delta, in_transit_value_delta, cost_of_goods_sold, balance_version, on_hand_after, in_transit_after, occurred_at, last_movement_at_after, payload)
       VALUES ('rogue-out', 'transfer-out', 'JAM', 'S1', -2, 0, 0, -6.6667, 0, 0, 98, 0, 0, now(), '2026-01-01T00:00:00Z', '{"source":{"system":"wms"}}'),
              ('rogue-out:shipped', 'transfer-shipped', 'JAM', 'S2', 0, 2, 0, 1.0000, 5.6668, 0, 98, 20, 2, now(), '2026-01-01T00:00:00Z',
               '{"source":{"system":"ledger"},"quantity":2,"unitCost":"3.3334"}')`,
    );
    // A balance counted as low under a threshold no batch or catalog change wrote: the state totals no longer match it.
    await client.query(`UPDATE inventory_ledger.stock_balance SET counted_threshold = 1000 WHERE sku = 'JAM' AND location_id = 'S1'`);
    history.submitted(['never-arrived']);
    history.acknowledged(['never-arrived']);
    const tampered = await checkHistory({ history, db: client, stockChanged });
    console.log(formatHistoryReport('tampered ledger', tampered));
    expect(tampered).toMatchObject({ ok: false, lost: 1, doubled: 0, phantom: 2 });
    const expected = [
      /acknowledged movements lost, e\.g\. never-arrived/,
      /applied but never submitted, e\.g\. rogue-1/,
      /balance TEA@S1 differs from its movements/,
      /movement rogue-1 is named by 0 outbox records/,
      /movements without a stock-changed event, e\.g\. rogue-1/,
      /movement TEA@S1 version 99 marks .* as its key's latest business time, not /,
      /valuation totals of S2 .* differ from the sums/,
      /valuation totals of S1 .* differ from the sums/,
      /cost of goods sold of S2 on 2026-01-05: totals /,
      /transfer-out rogue-out took 6\.6667 from its source but its shipment carries no totalCost/,
      /transfer-shipped rogue-out:shipped revalues the shelf by 1\.0000 and books 0\.0000 as cost of goods sold with in transit 0 before it/,
    ];
    for (const pattern of expected) expect(tampered.violations.some((violation) => pattern.test(violation))).toBe(true);
  });
});

async function readStockChanged(prefix: string, expectedEvents: number): Promise<StockChangedEnvelope[]> {
  const messages = await readTopicUntil(
    prefixedTopic(prefix, TOPICS.stockChanged.name),
    (read) => new Set(read.map((message) => (JSON.parse(message.value!) as StockChangedEnvelope).eventId)).size >= expectedEvents,
    { timeoutMs: 30_000 },
  );
  return messages.map((message) => JSON.parse(message.value!) as StockChangedEnvelope);
}
