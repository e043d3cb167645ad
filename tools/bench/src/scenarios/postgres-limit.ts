// PostgreSQL's limit for ledger-shaped writes on this machine, in a throwaway database: batches
// of movement rows (same columns, keys and indexes as the ledger's movement table) appended, plus
// an upsert of the batch's balances, one transaction per batch, on as many connections as the
// ledger runs batch transactions at once. No domain logic. The rows go in both ways the ledger
// appends them, INSERT ... SELECT FROM unnest and COPY, each on fresh tables; each reports its rate
// and what a row cost the whole machine.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { TOPICS, decodeEvent, type InventoryMovementV1 } from '@ledgerline/contracts';
import { withResources } from '../infra/bench-resources';
import { secondsSince } from '../infra/bulk-producer';
import { MACHINE_CPU_NOTE, busyCpuSeconds, sampleMachineCpu } from '../infra/machine-cpu';
import { ledgerWorkload } from '../workload/movement-workload';
import { StockUniverse } from '../workload/stock-universe';
import type { Figure, ScenarioContext } from './scenario';

const SCHEMA = `
  DROP TABLE IF EXISTS movement, stock_balance;
  CREATE TABLE movement (
    movement_seq bigserial PRIMARY KEY, movement_id text NOT NULL UNIQUE, kind text NOT NULL, sku text NOT NULL,
    location_id text NOT NULL, quantity_delta bigint NOT NULL, value_delta numeric(24,4) NOT NULL,
    balance_version bigint NOT NULL, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(),
    payload json NOT NULL, CONSTRAINT movement_one_version_per_key UNIQUE (sku, location_id, balance_version));
  CREATE TABLE stock_balance (
    sku text NOT NULL, location_id text NOT NULL, on_hand bigint NOT NULL DEFAULT 0, inventory_value numeric(24,4) NOT NULL DEFAULT 0,
    version bigint NOT NULL DEFAULT 0, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (sku, location_id))
    WITH (fillfactor = 70);`;

const MOVEMENT_COLUMNS = 'movement_id, kind, sku, location_id, quantity_delta, value_delta, balance_version, occurred_at, payload';

const INSERT_MOVEMENTS = `
  INSERT INTO movement (${MOVEMENT_COLUMNS})
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::numeric[], $7::bigint[], $8::timestamptz[], $9::json[])`;

const UPSERT_BALANCES = `
  INSERT INTO stock_balance AS b (sku, location_id, on_hand, inventory_value, version)
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::numeric[], $5::bigint[])
  ON CONFLICT (sku, location_id) DO UPDATE SET on_hand = b.on_hand + excluded.on_hand,
    inventory_value = b.inventory_value + excluded.inventory_value, version = b.version + excluded.version, updated_at = now()`;

type AppendMovements = (client: Client, batch: InventoryMovementV1[], firstVersion: number) => Promise<void>;

const APPEND_METHODS: Array<{ measure: string; note: string; append: AppendMovements }> = [
  { measure: 'postgres insert+upsert', note: 'unnest', append: insertMovements },
  { measure: 'postgres copy+upsert', note: 'COPY', append: copyMovements },
];

export async function measurePostgresLimit({ options, progress }: ScenarioContext): Promise<Figure[]> {
  return withResources('postgres', async (resources) => {
    const database = await resources.database('limit');
    const movements = [...ledgerWorkload(new StockUniverse(options.skus, options.locations), options.postgresRows, resources.prefix)].map(
      (record) => {
        const decoded = decodeEvent(TOPICS.inventoryMovements, record.value);
        if (!decoded.ok) throw new Error(decoded.reason);
        return decoded.value.payload;
      },
    );
    const batches: InventoryMovementV1[][] = [];
    for (let start = 0; start < movements.length; start += options.postgresBatchRows) batches.push(movements.slice(start, start + options.postgresBatchRows));

    const connections = options.transactionsInFlight;
    const figures: Figure[] = [];
    for (const method of APPEND_METHODS) {
      const setup = new Client({ connectionString: database.url });
      await setup.connect();
      await setup.query(SCHEMA);
      await setup.end();
      progress.step(`postgres limit: ${movements.length.toLocaleString('en-US')} ledger-shaped rows with ${method.note} in batches of ${options.postgresBatchRows} on ${connections} connections`);
      const { rows, seconds, cpuSeconds } = await writeAll(database.url, batches, connections, options.postgresBatchRows, method.append, (written) =>
        progress.update(`postgres ${method.note}: ${written.toLocaleString('en-US')} rows written`),
      );
      figures.push(
        { measure: method.measure, value: rows / seconds, unit: 'rows/s', note: `${method.note}, ${options.postgresBatchRows} rows + their balances per transaction, ${connections} connections` },
        { measure: `${method.measure}: machine CPU per row`, value: (cpuSeconds * 1e6) / rows, unit: 'µs', note: MACHINE_CPU_NOTE },
      );
    }
    return figures;
  });
}

async function writeAll(
  url: string,
  batches: InventoryMovementV1[][],
  connections: number,
  batchRows: number,
  append: AppendMovements,
  onWritten: (rows: number) => void,
): Promise<{ rows: number; seconds: number; cpuSeconds: number }> {
  const clients = await Promise.all(Array.from({ length: connections }, async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    return client;
  }));
  let written = 0;
  let next = 0;
  const machineBefore = await sampleMachineCpu();
  const started = process.hrtime.bigint();
  try {
    await Promise.all(
      clients.map(async (client) => {
        for (let index = next++; index < batches.length; index = next++) {
          const batch = batches[index] ?? [];
          await writeBatch(client, batch, index * batchRows, append);
          written += batch.length;
          onWritten(written);
        }
      }),
    );
    const seconds = secondsSince(started);
    return { rows: written, seconds, cpuSeconds: busyCpuSeconds(machineBefore, await sampleMachineCpu()) };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

async function writeBatch(client: Client, batch: InventoryMovementV1[], firstVersion: number, append: AppendMovements): Promise<void> {
  const balances = new Map<string, { sku: string; locationId: string; delta: number; versions: number }>();
  for (const movement of batch) {
    const key = `${movement.sku}@${movement.locationId}`;
    const delta = movement.kind === 'sale' ? -movement.quantity : 'quantity' in movement ? movement.quantity : 0;
    const balance = balances.get(key) ?? { sku: movement.sku, locationId: movement.locationId, delta: 0, versions: 0 };
    balance.delta += delta;
    balance.versions += 1;
    balances.set(key, balance);
  }
  // Key order, as the ledger locks them: concurrent batches then never deadlock.
  const rows = [...balances.values()].sort((a, b) => (a.sku === b.sku ? compare(a.locationId, b.locationId) : compare(a.sku, b.sku)));
  await client.query('BEGIN');
  await append(client, batch, firstVersion);
  await client.query(UPSERT_BALANCES, [
    rows.map((row) => row.sku),
    rows.map((row) => row.locationId),
    rows.map((row) => row.delta),
    rows.map((row) => (row.delta * 3.12).toFixed(4)),
    rows.map((row) => row.versions),
  ]);
  await client.query('COMMIT');
}

async function insertMovements(client: Client, batch: InventoryMovementV1[], firstVersion: number): Promise<void> {
  await client.query(INSERT_MOVEMENTS, [
    batch.map((movement) => movement.movementId),
    batch.map((movement) => movement.kind),
    batch.map((movement) => movement.sku),
    batch.map((movement) => movement.locationId),
    batch.map((movement) => quantityOf(movement)),
    batch.map(() => VALUE_DELTA),
    batch.map((_, index) => firstVersion + index),
    batch.map((movement) => movement.occurredAt),
    batch.map((movement) => JSON.stringify(movement)),
  ]);
}

/** The same rows as insertMovements, as COPY text (one line per row, the payload escaped for it). */
async function copyMovements(client: Client, batch: InventoryMovementV1[], firstVersion: number): Promise<void> {
  const lines = batch.map((movement, index) =>
    [movement.movementId, movement.kind, movement.sku, movement.locationId, String(quantityOf(movement)), VALUE_DELTA, String(firstVersion + index), movement.occurredAt, JSON.stringify(movement)]
      .map(copyField)
      .join('\t'),
  );
  await pipeline(Readable.from([Buffer.from(`${lines.join('\n')}\n`)]), client.query(copyFrom(`COPY movement (${MOVEMENT_COLUMNS}) FROM STDIN`)));
}

const VALUE_DELTA = '-3.1200';

function quantityOf(movement: InventoryMovementV1): number {
  return 'quantity' in movement ? movement.quantity : 0;
}

function copyField(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character] ?? character);
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
