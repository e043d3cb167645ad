// PostgreSQL's limit for ledger-shaped writes on this machine, in a throwaway database: batches
// of movement rows (same columns, keys and indexes as the ledger's movement table) appended with
// INSERT ... SELECT FROM unnest, plus an upsert of the batch's balances, one transaction per
// batch, on as many connections as the ledger runs batch transactions at once. No domain logic.
import { Client } from 'pg';
import { TOPICS, decodeEvent, type InventoryMovementV1 } from '@ledgerline/contracts';
import { withResources } from '../infra/bench-resources';
import { secondsSince } from '../infra/bulk-producer';
import { ledgerWorkload } from '../workload/movement-workload';
import { StockUniverse } from '../workload/stock-universe';
import type { Figure, ScenarioContext } from './scenario';

const SCHEMA = `
  CREATE TABLE movement (
    movement_seq bigserial PRIMARY KEY, movement_id text NOT NULL UNIQUE, kind text NOT NULL, sku text NOT NULL,
    location_id text NOT NULL, quantity_delta bigint NOT NULL, value_delta numeric(24,4) NOT NULL,
    balance_version bigint NOT NULL, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(),
    payload json NOT NULL, CONSTRAINT movement_one_version_per_key UNIQUE (sku, location_id, balance_version));
  CREATE TABLE stock_balance (
    sku text NOT NULL, location_id text NOT NULL, on_hand bigint NOT NULL DEFAULT 0, inventory_value numeric(24,4) NOT NULL DEFAULT 0,
    version bigint NOT NULL DEFAULT 0, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (sku, location_id))
    WITH (fillfactor = 70);`;

const INSERT_MOVEMENTS = `
  INSERT INTO movement (movement_id, kind, sku, location_id, quantity_delta, value_delta, balance_version, occurred_at, payload)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::numeric[], $7::bigint[], $8::timestamptz[], $9::json[])`;

const UPSERT_BALANCES = `
  INSERT INTO stock_balance AS b (sku, location_id, on_hand, inventory_value, version)
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::numeric[], $5::bigint[])
  ON CONFLICT (sku, location_id) DO UPDATE SET on_hand = b.on_hand + excluded.on_hand,
    inventory_value = b.inventory_value + excluded.inventory_value, version = b.version + excluded.version, updated_at = now()`;

export async function measurePostgresLimit({ options, progress }: ScenarioContext): Promise<Figure[]> {
  return withResources('postgres', async (resources) => {
    const database = await resources.database('limit');
    const setup = new Client({ connectionString: database.url });
    await setup.connect();
    await setup.query(SCHEMA);
    await setup.end();

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
    progress.step(`postgres limit: ${movements.length.toLocaleString('en-US')} ledger-shaped rows in batches of ${options.postgresBatchRows} on ${connections} connections`);
    const clients = await Promise.all(Array.from({ length: connections }, async () => {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      return client;
    }));
    let written = 0;
    let next = 0;
    const started = process.hrtime.bigint();
    try {
      await Promise.all(
        clients.map(async (client) => {
          for (let index = next++; index < batches.length; index = next++) {
            const batch = batches[index] ?? [];
            await writeBatch(client, batch, index * options.postgresBatchRows);
            written += batch.length;
            progress.update(`postgres: ${written.toLocaleString('en-US')} rows written`);
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    const seconds = secondsSince(started);
    return [
      {
        measure: 'postgres insert+upsert',
        value: written / seconds,
        unit: 'rows/s',
        note: `unnest, ${options.postgresBatchRows} rows + their balances per transaction, ${connections} connections`,
      },
    ];
  });
}

async function writeBatch(client: Client, batch: InventoryMovementV1[], firstVersion: number): Promise<void> {
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
  await client.query(INSERT_MOVEMENTS, [
    batch.map((movement) => movement.movementId),
    batch.map((movement) => movement.kind),
    batch.map((movement) => movement.sku),
    batch.map((movement) => movement.locationId),
    batch.map((movement) => ('quantity' in movement ? movement.quantity : 0)),
    batch.map(() => '-3.1200'),
    batch.map((_, index) => firstVersion + index),
    batch.map((movement) => movement.occurredAt),
    batch.map((movement) => JSON.stringify(movement)),
  ]);
  await client.query(UPSERT_BALANCES, [
    rows.map((row) => row.sku),
    rows.map((row) => row.locationId),
    rows.map((row) => row.delta),
    rows.map((row) => (row.delta * 3.12).toFixed(4)),
    rows.map((row) => row.versions),
  ]);
  await client.query('COMMIT');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
