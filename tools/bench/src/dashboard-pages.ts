// Times what the ops dashboard's pages ask for, on a generated ledger of a chain's size, run on
// its own (not part of `npm run bench`):
//
//   KAFKA_BROKERS=... DATABASE_URL=... node -r ./tools/ts-register.cjs tools/bench/src/dashboard-pages.ts \
//     [--balances 250000] [--per-balance 8] [--locations 20] [--requests 200] [--port-base 4500]
//
// It writes balances x per-balance movements straight into the ledger's tables with SQL, as the
// schema's owner (each balance equal to the sums of its movements, each movement with the levels
// after it, the catalog's low-stock thresholds and the per-location totals), then starts
// inventory-ledger, reorder-forecasting (on the same database, with no history: its panels answer
// 404 at once) and the ops dashboard as processes, and asks each page's API `--requests` times,
// one request at a time, with random keys, texts and pages: the search (a prefix, a substring,
// and text that matches every balance), the item page and its movements, the location page's
// summary and stock in each sort and state (days of cover included), its shrinkage by reason, and
// the alerts of a location, with a dashboard:view credential issued through the dashboard's admin
// API. It prints the load and p50/p95/p99/max per request.
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startServiceProcess, type ServiceProcess } from '@ledgerline/testing';
import { BENCH_ADMIN_API_KEY, benchCredentialHeaders } from './infra/bench-credentials';
import { BenchResources } from './infra/bench-resources';
import { print, round, runStandalone } from './infra/standalone-run';
import { summariseLatencies } from './report/stats';
import { seededRandom } from './workload/seeded-random';

interface Shape {
  balances: number;
  perBalance: number;
  locations: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      balances: { type: 'string', default: '250000' },
      'per-balance': { type: 'string', default: '8' },
      locations: { type: 'string', default: '20' },
      requests: { type: 'string', default: '200' },
      'port-base': { type: 'string' },
    },
  });
  const shape: Shape = { balances: Number(values.balances), perBalance: Number(values['per-balance']), locations: Number(values.locations) };
  const portBase = values['port-base'] === undefined ? undefined : Number(values['port-base']);
  const resources = new BenchResources('dashboard-pages');
  const services: ServiceProcess[] = [];
  try {
    const database = await resources.database('dashboard_pages');
    const env = { KAFKA_BROKERS: resources.brokers.join(','), ...database.serviceEnv('inventory_ledger'), KAFKA_TOPIC_PREFIX: resources.prefix, LOG_LEVEL: 'warn' };
    const port = (offset: number) => (portBase === undefined ? undefined : portBase + offset);
    // Started once so its migrations create the tables, then stopped while the history is written.
    const migrating = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: { ...env, DRIFT_AUDIT_ENABLED: 'false' }, port: port(0) });
    await migrating.stop();
    const loadStarted = Date.now();
    await writeLedger(database.url, shape);
    print({ loaded: { ...shape, movements: shape.balances * shape.perBalance, seconds: (Date.now() - loadStarted) / 1000 } });

    const withAdmin = { ...env, ADMIN_API_KEY: BENCH_ADMIN_API_KEY };
    const ledger = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: { ...withAdmin, DRIFT_AUDIT_ENABLED: 'false' }, port: port(0) });
    services.push(ledger);
    const forecasting = await startServiceProcess({ name: 'reorder-forecasting', entry: 'apps/reorder-forecasting/src/main.ts', env: { ...withAdmin, ...database.serviceEnv('reorder_forecasting') }, port: port(1) });
    services.push(forecasting);
    const bearerOf = (headers: Record<string, string>) => (headers['authorization'] ?? '').replace(/^Bearer /, '');
    const dashboard = await startServiceProcess({
      name: 'ops-dashboard',
      entry: 'apps/ops-dashboard/src/main.ts',
      env: {
        ...withAdmin,
        ...database.serviceEnv('ops_dashboard'),
        INVENTORY_LEDGER_URL: ledger.url,
        REORDER_FORECASTING_URL: forecasting.url,
        POS_INGESTION_URL: 'http://127.0.0.1:9',
        SERVICE_TIMEOUT_MS: '10000',
        INVENTORY_LEDGER_CREDENTIAL: bearerOf(await benchCredentialHeaders(ledger.url, ['stock:read'])),
        REORDER_FORECASTING_CREDENTIAL: bearerOf(await benchCredentialHeaders(forecasting.url, ['forecast:read'])),
      },
      port: port(2),
    });
    services.push(dashboard);
    const viewer = await benchCredentialHeaders(dashboard.url, ['dashboard:view']);

    const random = seededRandom(20261206);
    const pick = (count: number) => Math.floor(random() * count);
    const key = () => {
      const k = pick(shape.balances);
      return { sku: skuOf(Math.floor(k / shape.locations)), locationId: locationOf(k % shape.locations) };
    };
    const locationPages = Math.ceil(shape.balances / shape.locations / 50);
    const requests: Record<string, () => string> = {
      'GET /api/search?q=<SKU prefix>': () => `/api/search?q=${key().sku.slice(0, 4 + pick(6))}`,
      'GET /api/search?q=<inside a SKU>': () => `/api/search?q=${key().sku.slice(5 + pick(3), 10)}`,
      'GET /api/search?q=SKU (matches every balance)': () => '/api/search?q=SKU',
      'GET /api/search?q=<location>': () => `/api/search?q=${key().locationId}`,
      'GET /api/items/{sku}/{locationId}': () => itemPath(key()),
      'GET /api/items/{sku}/{locationId}/movements': () => `${itemPath(key())}/movements`,
      'GET .../movements?before=<middle>': () => `${itemPath(key())}/movements?before=${1 + pick(shape.perBalance)}`,
      'GET /api/locations/{locationId}': () => `/api/locations/${key().locationId}`,
      'GET .../balances (by SKU, page 1)': () => `/api/locations/${key().locationId}/balances`,
      'GET .../balances?sort=onHand&direction=desc&page=<any>': () => `/api/locations/${key().locationId}/balances?sort=onHand&direction=desc&page=${1 + pick(locationPages)}`,
      'GET .../balances?sort=value&page=<last>': () => `/api/locations/${key().locationId}/balances?sort=value&page=${locationPages}`,
      'GET .../balances?state=low': () => `/api/locations/${key().locationId}/balances?state=low`,
      'GET .../balances?sort=daysOfCover&page=<any>': () => `/api/locations/${key().locationId}/balances?sort=daysOfCover&page=${1 + pick(locationPages)}`,
      'GET .../shrinkage (30 days)': () => `/api/locations/${key().locationId}/shrinkage`,
      'GET /api/alerts?location=<location>': () => `/api/alerts?location=${key().locationId}`,
    };
    const requestCount = Number(values.requests);
    for (const [label, path] of Object.entries(requests)) {
      const latenciesMs: number[] = [];
      const statuses = new Map<number, number>();
      for (let index = 0; index < requestCount; index += 1) {
        const started = process.hrtime.bigint();
        const response = await fetch(`${dashboard.url}${path()}`, { headers: viewer });
        await response.arrayBuffer();
        latenciesMs.push(Number(process.hrtime.bigint() - started) / 1e6);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
      const summary = summariseLatencies(latenciesMs);
      print({ request: label, ms: { p50: round(summary.p50), p95: round(summary.p95), p99: round(summary.p99), max: round(summary.max) }, statuses: Object.fromEntries(statuses) });
    }
  } finally {
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
    await resources.release();
  }
}

const skuOf = (index: number) => `SKU-${String(index).padStart(6, '0')}`;
const locationOf = (index: number) => `L${String(index).padStart(3, '0')}`;
const itemPath = (key: { sku: string; locationId: string }) => `/api/items/${encodeURIComponent(key.sku)}/${encodeURIComponent(key.locationId)}`;

/**
 * Balance k is SKU k / locations at location k % locations; its movements are receipts of
 * 1 + k % 7 units at 2.50, interleaved in time over every key so one key's movements lie on many
 * pages; every fourth SKU has a low-stock threshold its balances sit under.
 */
async function writeLedger(url: string, { balances, perBalance, locations }: Shape): Promise<void> {
  const owner = new Client({ connectionString: url });
  await owner.connect();
  try {
    await owner.query(
      `INSERT INTO inventory_ledger.movement (movement_id, kind, sku, location_id, quantity_delta, in_transit_delta, on_order_delta, value_delta,
         in_transit_value_delta, cost_of_goods_sold, balance_version, on_hand_after, in_transit_after, on_order_after, inventory_value_after,
         average_unit_cost_after, occurred_at, recorded_at, payload)
       SELECT 'grn-' || n, 'receipt', 'SKU-' || lpad(((n % $1::int) / $3::int)::text, 6, '0'), 'L' || lpad(((n % $1::int) % $3::int)::text, 3, '0'),
              q, 0, 0, 2.5 * q, 0, 0, n / $1::int + 1, q * (n / $1::int + 1), 0, 0, 2.5 * q * (n / $1::int + 1), 2.5,
              now() - interval '1 second' * ($1::int * $2::int - n), now(),
              json_build_object('movementId', 'grn-' || n, 'kind', 'receipt', 'quantity', q, 'unitCost', '2.5000', 'source', json_build_object('system', 'erp', 'documentId', 'GRN-' || n))
         FROM generate_series(0, $1::int * $2::int - 1) AS n, LATERAL (SELECT 1 + (n % $1::int) % 7 AS q) AS quantity`,
      [balances, perBalance, locations],
    );
    await owner.query(
      `INSERT INTO inventory_ledger.stock_balance (sku, location_id, on_hand, inventory_value, average_unit_cost, version, last_movement_at, updated_at)
       SELECT sku, location_id, sum(quantity_delta), sum(value_delta), 2.5, count(*), max(occurred_at), now() FROM inventory_ledger.movement GROUP BY sku, location_id`,
    );
    await owner.query(
      `INSERT INTO inventory_ledger.item_setting (sku, low_stock_threshold)
       SELECT DISTINCT sku, 1000 FROM inventory_ledger.stock_balance WHERE right(sku, 1) IN ('0', '4', '8')`,
    );
    await owner.query(
      `INSERT INTO inventory_ledger.location_valuation (location_id, on_hand, inventory_value, in_transit_value, cost_of_goods_sold, balances)
       SELECT location_id, sum(on_hand), sum(inventory_value), 0, 0, count(*) FROM inventory_ledger.stock_balance GROUP BY location_id`,
    );
    for (const table of ['movement', 'stock_balance', 'item_setting', 'location_valuation']) await owner.query(`VACUUM ANALYZE inventory_ledger.${table}`);
  } finally {
    await owner.end();
  }
}

runStandalone(main);
