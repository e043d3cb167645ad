// Times the inventory-ledger's streamed exports on a generated ledger, run on its own (not part of
// `npm run bench`):
//
//   KAFKA_BROKERS=... DATABASE_URL=... [BENCH_PORT_BASE=...] node -r ./tools/ts-register.cjs tools/bench/src/ledger-exports.ts \
//     [--balances 200000] [--locations 50] [--movements 200000]
//
// It writes the balances (spread over the locations) and one location's movements, recorded in
// the last hour, straight into the ledger's tables with SQL as the schema's owner, starts the
// ledger as a process, and downloads the stock of every location in each format, the valuation
// and that location's movement history, reading each body as it arrives without keeping it. It
// prints rows and bytes per second and the ledger process's peak resident memory after each.
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startServiceProcess, type ServiceProcess } from '@ledgerline/testing';
import { BenchResources } from './infra/bench-resources';
import { print, round, runStandalone } from './infra/standalone-run';
import { benchCredentialHeaders, type RequestHeaders } from './infra/bench-credentials';
import { BENCH_ADMIN_API_KEY } from './infra/services';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { balances: { type: 'string', default: '200000' }, locations: { type: 'string', default: '50' }, movements: { type: 'string', default: '200000' } },
  });
  const balances = Number(values.balances);
  const locations = Number(values.locations);
  const movements = Number(values.movements);
  const resources = new BenchResources('ledger-exports');
  try {
    const database = await resources.database('ledger_exports');
    const env = { KAFKA_BROKERS: resources.brokers.join(','), ...database.serviceEnv('inventory_ledger'), KAFKA_TOPIC_PREFIX: resources.prefix, LOG_LEVEL: 'warn', ADMIN_API_KEY: BENCH_ADMIN_API_KEY };
    const portBase = process.env['BENCH_PORT_BASE'];
    const ledger = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', ...(portBase ? { port: Number(portBase) } : {}), env });
    try {
      await load(database.url, balances, locations, movements);
      const stock = await benchCredentialHeaders(ledger.url, ['stock:read']);
      const valuation = await benchCredentialHeaders(ledger.url, ['valuation:read']);
      print({ loaded: { balances, locations, movements }, ledgerPeakRssMiB: peakMiB(ledger) });
      for (const format of ['csv', 'ndjson', 'json']) await download(ledger, stock, `/v1/exports/stock?format=${format}`);
      await download(ledger, valuation, '/v1/exports/valuation?format=csv');
      const from = new Date(Date.now() - 2 * 3_600_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      await download(ledger, stock, `/v1/exports/history?locationId=L0&from=${from}&to=${to}&format=csv`);
    } finally {
      await ledger.stop();
    }
  } finally {
    await resources.release();
  }
}

async function load(url: string, balances: number, locations: number, movements: number): Promise<void> {
  const owner = new Client({ connectionString: url });
  await owner.connect();
  try {
    await owner.query(
      `INSERT INTO inventory_ledger.stock_balance (sku, location_id, on_hand, inventory_value, average_unit_cost, version, last_movement_at, updated_at)
       SELECT 'SKU-' || lpad((n / $2::int)::text, 7, '0'), 'L' || (n % $2::int), 1 + n % 40, (1 + n % 40) * 2.5, 2.5, 1, now(), now()
         FROM generate_series(0, $1::int - 1) AS n`,
      [balances, locations],
    );
    await owner.query(
      `INSERT INTO inventory_ledger.movement (movement_id, kind, sku, location_id, quantity_delta, in_transit_delta, on_order_delta, value_delta,
         in_transit_value_delta, cost_of_goods_sold, balance_version, on_hand_after, occurred_at, recorded_at, payload)
       SELECT 'bench-' || n, 'sale', 'SKU-' || lpad((n % 1000)::text, 7, '0'), 'L0', -1, 0, 0, -2.5, 0, 2.5, 1000 + n / 1000, 0,
              now() - interval '1 millisecond' * ($1::int - n), now() - interval '1 millisecond' * ($1::int - n),
              json_build_object('movementId', 'bench-' || n, 'kind', 'sale', 'quantity', 1)
         FROM generate_series(0, $1::int - 1) AS n`,
      [movements],
    );
    await owner.query('VACUUM ANALYZE inventory_ledger.stock_balance');
    await owner.query('VACUUM ANALYZE inventory_ledger.movement');
  } finally {
    await owner.end();
  }
}

async function download(ledger: ServiceProcess, headers: RequestHeaders, path: string): Promise<void> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${ledger.url}${path}`, { headers });
  if (!response.ok || !response.body) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines += 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  print({ export: path.replace(/&from=.*&to=[^&]*/, '&from=..&to=..'), seconds: round(seconds), lines, linesPerSecond: Math.round(lines / seconds), MiBPerSecond: round(bytes / 1_048_576 / seconds), MiB: round(bytes / 1_048_576), ledgerPeakRssMiB: peakMiB(ledger) });
}

function peakMiB(service: ServiceProcess): number | undefined {
  const kib = service.peakRssKiB();
  return kib === undefined ? undefined : round(kib / 1024);
}

runStandalone(main);
