// kill -9 of the ledger at the two moments that decide exactly-once, against the real broker and
// database, with the service running as its own process: after the batch's database commit but
// before the Kafka offset commit (the batch is delivered again and must change nothing), and just
// before the database commit (nothing of the batch may remain). After the crashes an undisturbed
// run finishes the topic, and the history is checked: every movement applied once, each balance
// equal to the sum of its movements and to an independent model, each movement named by exactly
// one applied-batch outbox record, and one stock-changed event per movement.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { TOPICS, createEnvelope, type InventoryMovementV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, createTestTopics, readTopicUntil, testKafkaBrokers, uniqueTestId, waitFor, type TestDatabase } from '@ledgerline/testing';

jest.setTimeout(180_000);

const REPOSITORY_ROOT = resolve(__dirname, '../../..');
const SKUS = Array.from({ length: 12 }, (_, index) => `SKU-${index}`);
const LOCATIONS = ['S1', 'S2'];
const SALES_PER_KEY = 25;

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

describe('inventory-ledger killed mid-batch (separate process, real Kafka and PostgreSQL)', () => {
  const prefix = uniqueTestId('ledger-crash');
  const groupId = `${prefix}-ledger`;
  let database: TestDatabase;
  let client: Client;
  const movements: InventoryMovementV1[] = [];
  const phaseOf = new Map<string, number>();
  const running = new Set<ChildProcess>();
  let producer: EventProducer;

  beforeAll(async () => {
    database = await createTestDatabase('ledger-crash');
    client = new Client({ connectionString: database.url });
    await client.connect();
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 4, 8, 0) + minute * 60_000).toISOString();
    for (const sku of SKUS) {
      for (const locationId of LOCATIONS) {
        phaseOf.set(`rcpt:${sku}:${locationId}`, 0);
        movements.push({ movementId: `rcpt:${sku}:${locationId}`, kind: 'receipt', sku, locationId, quantity: 40, unitCost: '1.2500', occurredAt: at(0), source: { system: 'erp', documentId: 'DN' } });
        for (let index = 1; index <= SALES_PER_KEY; index += 1) {
          const transactionId = `${sku}-${locationId}-${index}`;
          phaseOf.set(`pos:${locationId}:${transactionId}:1`, Math.floor(((index - 1) * 3) / SALES_PER_KEY));
          movements.push({
            movementId: `pos:${locationId}:${transactionId}:1`,
            kind: 'sale',
            sku,
            locationId,
            quantity: 1 + (index % 3),
            occurredAt: at(index),
            source: { system: 'pos', storeId: locationId, transactionId, lineNumber: 1 },
          });
        }
      }
    }
    await createTestTopics([{ topic: prefixedTopic(prefix, TOPICS.inventoryMovements.name), partitions: 2 }]);
    producer = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${prefix}-erp` }));
    await producer.connect();
  });

  /**
   * Publishes one phase: receipts with phase 0, then a third of every key's sales per phase, so
   * each phase reaches both partitions and each run after a crash has new batches to work on.
   */
  async function publishPhase(phase: 0 | 1 | 2): Promise<void> {
    const inPhase = movements.filter((movement) => phaseOf.get(movement.movementId) === phase);
    for (let start = 0; start < inPhase.length; start += 50) {
      await producer.send(
        inPhase.slice(start, start + 50).map((movement) => ({
          topic: prefixedTopic(prefix, TOPICS.inventoryMovements.name),
          key: `${movement.sku}@${movement.locationId}`,
          value: createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'erp', occurredAt: movement.occurredAt }),
        })),
      );
    }
  }

  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await producer?.disconnect();
    await client?.end();
    await database?.drop();
  });

  function runLedger(extraEnv: Record<string, string>): { exited: Promise<RunResult>; stop(): void } {
    const child = spawn(process.execPath, ['-r', './tools/ts-register.cjs', 'apps/inventory-ledger/src/main.ts'], {
      cwd: REPOSITORY_ROOT,
      env: {
        ...process.env,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        ...database.serviceEnv('inventory_ledger'),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_GROUP_ID: groupId,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        MOVEMENTS_PARTITIONS: '2',
        PARTITIONS_CONSUMED_CONCURRENTLY: '1',
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        ...extraEnv,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    running.add(child);
    const exited = new Promise<RunResult>((settle) =>
      child.once('exit', (code, signal) => {
        running.delete(child);
        settle({ code, signal });
      }),
    );
    return { exited, stop: () => child.kill('SIGTERM') };
  }

  async function scalar(sql: string): Promise<number> {
    const { rows } = await client.query<{ n: string }>(sql);
    return Number(rows[0]?.n ?? 0);
  }

  async function committedOffsetTotal(): Promise<number> {
    const admin = createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${prefix}-admin` }).admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [prefixedTopic(prefix, TOPICS.inventoryMovements.name)] });
      return (offsets?.partitions ?? []).reduce((sum, { offset }) => sum + Math.max(Number(offset), 0), 0);
    } finally {
      await admin.disconnect();
    }
  }

  it('dies after the database commit of batch 2: the database is ahead of the offsets, nothing is doubled later', async () => {
    await publishPhase(0);
    const run = runLedger({ FAULT_INJECTION: 'after-db-commit@2' });
    expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const applied = await scalar('SELECT count(*) AS n FROM inventory_ledger.movement');
    const committed = await committedOffsetTotal();
    expect(applied).toBeGreaterThan(committed); // batch 2 is in the ledger, its offsets are not
  });

  it('dies just before the database commit of batch 2: nothing of that batch remains', async () => {
    await publishPhase(1);
    const before = await scalar('SELECT count(*) AS n FROM inventory_ledger.movement');
    const run = runLedger({ FAULT_INJECTION: 'before-db-commit@2' });
    expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const after = await scalar('SELECT count(*) AS n FROM inventory_ledger.movement');
    // Batch 1 of this run re-delivered what the first crash left uncommitted (applied as
    // duplicates) and may have added more; batch 2 rolled back. Balances must still be exact.
    expect(after).toBeGreaterThanOrEqual(before);
    expect(await scalar(`SELECT count(*) AS n FROM inventory_ledger.stock_balance b
      WHERE b.on_hand <> (SELECT COALESCE(SUM(quantity_delta), 0) FROM inventory_ledger.movement m WHERE m.sku = b.sku AND m.location_id = b.location_id)`)).toBe(0);
  });

  it('an undisturbed run then applies every movement exactly once and publishes each once', async () => {
    await publishPhase(2);
    const run = runLedger({});
    try {
      await waitFor(async () => ((await scalar('SELECT count(*) AS n FROM inventory_ledger.movement')) === movements.length ? true : undefined), {
        timeoutMs: 90_000,
        description: `all ${movements.length} movements in the ledger`,
      });
      await waitFor(async () => ((await scalar('SELECT count(*) AS n FROM inventory_ledger.outbox WHERE published_at IS NULL')) === 0 ? true : undefined), {
        timeoutMs: 60_000,
        description: 'the outbox to drain',
      });
    } finally {
      run.stop();
      await run.exited;
    }

    expect(await scalar('SELECT count(DISTINCT movement_id) AS n FROM inventory_ledger.movement')).toBe(movements.length);
    const { rows: balances } = await client.query<{ sku: string; location_id: string; on_hand: string; ledger_sum: string; version: string; movements: string }>(
      `SELECT b.sku, b.location_id, b.on_hand::text, b.version::text,
              (SELECT SUM(quantity_delta) FROM inventory_ledger.movement m WHERE m.sku = b.sku AND m.location_id = b.location_id)::text AS ledger_sum,
              (SELECT count(*) FROM inventory_ledger.movement m WHERE m.sku = b.sku AND m.location_id = b.location_id)::text AS movements
         FROM inventory_ledger.stock_balance b ORDER BY 1, 2`,
    );
    expect(balances).toHaveLength(SKUS.length * LOCATIONS.length);
    for (const balance of balances) {
      const model = expectedOnHand(movements, balance.sku, balance.location_id);
      expect({ key: `${balance.sku}@${balance.location_id}`, onHand: Number(balance.on_hand), ledgerSum: Number(balance.ledger_sum), version: Number(balance.version) }).toEqual({
        key: `${balance.sku}@${balance.location_id}`,
        onHand: model,
        ledgerSum: model,
        version: SALES_PER_KEY + 1,
      });
    }
    const { rows: coverage } = await client.query<{ covered: string; distinct_movements: string }>(
      `SELECT count(*)::text AS covered, count(DISTINCT m.movement_seq)::text AS distinct_movements
         FROM inventory_ledger.outbox o, jsonb_array_elements(o.payload->'movementSeqRanges') AS r(range)
         JOIN inventory_ledger.movement m ON m.movement_seq BETWEEN (r.range->>0)::bigint AND (r.range->>1)::bigint
        WHERE o.topic = 'ledger.applied-batch'`,
    );
    expect(coverage[0]).toEqual({ covered: String(movements.length), distinct_movements: String(movements.length) });

    // An ERP consumer de-duplicating by event id sees each movement's stock change exactly once.
    const changed = await readTopicUntil(
      prefixedTopic(prefix, TOPICS.stockChanged.name),
      (messages) => new Set(messages.map((message) => JSON.parse(message.value!).payload.movementId)).size >= movements.length,
      { timeoutMs: 60_000 },
    );
    const byEventId = new Map(changed.map((message) => {
      const envelope = JSON.parse(message.value!) as { eventId: string; payload: { movementId: string } };
      return [envelope.eventId, envelope.payload.movementId] as const;
    }));
    expect(new Set(byEventId.values()).size).toBe(movements.length);
    expect(byEventId.size).toBe(movements.length);
  });
});

function expectedOnHand(movements: InventoryMovementV1[], sku: string, locationId: string): number {
  return movements
    .filter((movement) => movement.sku === sku && movement.locationId === locationId)
    .reduce((sum, movement) => sum + (movement.kind === 'receipt' ? movement.quantity : movement.kind === 'sale' ? -movement.quantity : 0), 0);
}
