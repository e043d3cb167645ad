// Times what the ops dashboard's pages ask for, on a generated ledger of a chain's size, run on
// its own (not part of `npm run bench`):
//
//   KAFKA_BROKERS=... DATABASE_URL=... node -r ./tools/ts-register.cjs tools/bench/src/dashboard-pages.ts \
//     [--balances 250000] [--per-balance 8] [--locations 20] [--with-forecast 0.8] [--requests 200] [--port-base 4500]
//
// It writes balances x per-balance movements straight into the ledger's tables with SQL, as the
// schema's owner (each balance equal to the sums of its movements, each movement with the levels
// after it, the catalog's low-stock thresholds and the per-location totals and state counts; a
// few balances end with a sale that empties them or takes them below zero), and reorder-
// forecasting's position of every balance with a forecast for a share of them
// (workload/cover-positions.ts), then starts inventory-ledger, reorder-forecasting (on the same
// database, not refitting) and the ops dashboard as processes, and asks each page's API
// `--requests` times, one request at a time, with random keys, texts and pages: the search (a
// prefix, a substring, and text that matches every balance), the item page and its movements, the
// location page's summary and stock in each sort and state, days of cover in both directions over
// the whole location and within each state, its shrinkage by reason, and the alerts of a location,
// with a dashboard:view credential issued through the dashboard's admin API. Every days-of-cover
// page is checked against the tables (the location's keys at that offset in forecasting's order,
// or the state's page of the ledger sorted by days of cover; each row's figures the ledger's and
// its days of cover the position's); a wrong page fails the run after the figures are printed.
// It prints the load, p50/p95/p99/max per request and the pages checked.
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startServiceProcess, type ServiceProcess } from '@ledgerline/testing';
import { BENCH_ADMIN_API_KEY, benchCredentialHeaders } from './infra/bench-credentials';
import { BenchResources } from './infra/bench-resources';
import { print, round, runStandalone } from './infra/standalone-run';
import { summariseLatencies } from './report/stats';
import { writeCoverPositions } from './workload/cover-positions';
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
      'with-forecast': { type: 'string', default: '0.8' },
      requests: { type: 'string', default: '200' },
      'port-base': { type: 'string' },
    },
  });
  const shape: Shape = { balances: Number(values.balances), perBalance: Number(values['per-balance']), locations: Number(values.locations) };
  if (!(shape.perBalance >= 2)) throw new Error('--per-balance must be at least 2: a balance emptied by a sale has received stock before it');
  const portBase = values['port-base'] === undefined ? undefined : Number(values['port-base']);
  const resources = new BenchResources('dashboard-pages');
  const services: ServiceProcess[] = [];
  const owners: Client[] = [];
  try {
    const database = await resources.database('dashboard_pages');
    const env = { KAFKA_BROKERS: resources.brokers.join(','), ...database.serviceEnv('inventory_ledger'), KAFKA_TOPIC_PREFIX: resources.prefix, LOG_LEVEL: 'warn' };
    const port = (offset: number) => (portBase === undefined ? undefined : portBase + offset);
    const withAdmin = { ...env, ADMIN_API_KEY: BENCH_ADMIN_API_KEY };
    // Not refitting: the forecasts written below stay as they are while the pages are asked.
    const forecastingEnv = { ...withAdmin, ...database.serviceEnv('reorder_forecasting'), REFIT_INTERVAL_MS: '0' };
    // Each started once so its migrations create the tables, then stopped while the history is written.
    const migrating = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: { ...env, DRIFT_AUDIT_ENABLED: 'false' }, port: port(0) });
    await migrating.stop();
    const migratingForecasting = await startServiceProcess({ name: 'reorder-forecasting', entry: 'apps/reorder-forecasting/src/main.ts', env: forecastingEnv, port: port(1) });
    await migratingForecasting.stop();
    const owner = new Client({ connectionString: database.url });
    await owner.connect();
    owners.push(owner);
    const loadStarted = Date.now();
    await writeLedger(owner, shape);
    await writeCoverPositions(owner, { select: 'SELECT sku, location_id, on_hand, version FROM inventory_ledger.stock_balance', parameters: [] }, Number(values['with-forecast']));
    const states = await stateCounts(owner);
    const [forecasts] = (await owner.query<{ count: string }>('SELECT count(*) FROM reorder_forecasting.item_forecast')).rows;
    print({
      loaded: { ...shape, movements: shape.balances * shape.perBalance, forecasts: Number(forecasts?.count), ...totalsOf(states), seconds: (Date.now() - loadStarted) / 1000 },
    });

    const ledger = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: { ...withAdmin, DRIFT_AUDIT_ENABLED: 'false' }, port: port(0) });
    services.push(ledger);
    const forecasting = await startServiceProcess({ name: 'reorder-forecasting', entry: 'apps/reorder-forecasting/src/main.ts', env: forecastingEnv, port: port(1) });
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
    const locationPages = Math.ceil(shape.balances / shape.locations / BALANCES_PER_PAGE);
    const direction = () => (pick(2) === 0 ? 'asc' : 'desc');
    // A page of the state at the location, any of them (the first when the state is empty there).
    const statePage = (locationId: string, state: State) => 1 + pick(Math.max(1, Math.ceil((states.get(locationId)?.[state] ?? 0) / BALANCES_PER_PAGE)));
    const byCoverInState = (state: State) => () => {
      const { locationId } = key();
      return `/api/locations/${locationId}/balances?sort=daysOfCover&direction=${direction()}&state=${state}&page=${statePage(locationId, state)}`;
    };
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
      'GET .../balances?sort=daysOfCover&direction=asc&page=<any>': () => `/api/locations/${key().locationId}/balances?sort=daysOfCover&direction=asc&page=${1 + pick(locationPages)}`,
      'GET .../balances?sort=daysOfCover&direction=desc&page=<any>': () => `/api/locations/${key().locationId}/balances?sort=daysOfCover&direction=desc&page=${1 + pick(locationPages)}`,
      'GET .../balances?sort=daysOfCover&state=negative&page=<any>': byCoverInState('negative'),
      'GET .../balances?sort=daysOfCover&state=stockout&page=<any>': byCoverInState('stockout'),
      'GET .../balances?sort=daysOfCover&state=low&page=<any>': byCoverInState('low'),
      'GET .../shrinkage (30 days)': () => `/api/locations/${key().locationId}/shrinkage`,
      'GET /api/alerts?location=<location>': () => `/api/alerts?location=${key().locationId}`,
    };
    const requestCount = Number(values.requests);
    const wrongPages: string[] = [];
    for (const [label, path] of Object.entries(requests)) {
      const latenciesMs: number[] = [];
      const statuses = new Map<number, number>();
      let checked = 0;
      let wrong = 0;
      for (let index = 0; index < requestCount; index += 1) {
        const asked = path();
        const started = process.hrtime.bigint();
        const response = await fetch(`${dashboard.url}${asked}`, { headers: viewer });
        const body = await response.arrayBuffer();
        latenciesMs.push(Number(process.hrtime.bigint() - started) / 1e6);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (!asked.includes('sort=daysOfCover')) continue;
        checked += 1;
        const problem = await wrongInCoverPage(owner, asked, response.status, Buffer.from(body).toString('utf8'));
        if (problem === undefined) continue;
        wrong += 1;
        if (wrongPages.length < 10) wrongPages.push(`${asked}: ${problem}`);
      }
      const summary = summariseLatencies(latenciesMs);
      print({
        request: label,
        ms: { p50: round(summary.p50), p95: round(summary.p95), p99: round(summary.p99), max: round(summary.max) },
        statuses: Object.fromEntries(statuses),
        ...(checked > 0 ? { pagesChecked: checked, wrong } : {}),
      });
    }
    if (wrongPages.length > 0) throw new Error(`days-of-cover pages that do not match the tables:\n${wrongPages.join('\n')}`);
  } finally {
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
    for (const owner of owners) await owner.end().catch(() => undefined);
    await resources.release();
  }
}

const BALANCES_PER_PAGE = 50;
const skuOf = (index: number) => `SKU-${String(index).padStart(6, '0')}`;
const locationOf = (index: number) => `L${String(index).padStart(3, '0')}`;
const itemPath = (key: { sku: string; locationId: string }) => `/api/items/${encodeURIComponent(key.sku)}/${encodeURIComponent(key.locationId)}`;

/** Every 47th balance (k % 47 = 1) ends with a sale to zero, the next (k % 47 = 2) with one to -2: 47 is prime to any location count but its multiples, so each location has some. */
const SOLD_OUT_EVERY = 47;
const NEGATIVE_AFTER_SALE = -2;

/**
 * Balance k is SKU k / locations at location k % locations; its movements are receipts of
 * 1 + k % 7 units at 2.50, interleaved in time over every key so one key's movements lie on many
 * pages, except the last of a few balances, a sale that empties them or leaves them at -2; every
 * fourth SKU has a low-stock threshold its balances with stock sit under.
 */
async function writeLedger(owner: Client, { balances, perBalance, locations }: Shape): Promise<void> {
  await owner.query(
    `INSERT INTO inventory_ledger.movement (movement_id, kind, sku, location_id, quantity_delta, in_transit_delta, on_order_delta, value_delta,
       in_transit_value_delta, cost_of_goods_sold, balance_version, on_hand_after, in_transit_after, on_order_after, inventory_value_after,
       average_unit_cost_after, occurred_at, recorded_at, payload)
     SELECT m.id, m.kind, key.sku, key.location_id, m.delta, 0, 0, 2.5 * m.delta, 0, CASE WHEN m.kind = 'sale' THEN -2.5 * m.delta ELSE 0 END,
            key.version, m.after, 0, 0, 2.5 * m.after, 2.5, now() - interval '1 second' * ($1::int * $2::int - n), now(),
            CASE WHEN m.kind = 'sale'
                 THEN json_build_object('movementId', m.id, 'kind', 'sale', 'sku', key.sku, 'locationId', key.location_id, 'quantity', -m.delta,
                        'source', json_build_object('system', 'pos', 'storeId', key.location_id, 'terminalId', 'T01', 'transactionId', 'T-' || n, 'lineNumber', 1))
                 ELSE json_build_object('movementId', m.id, 'kind', 'receipt', 'quantity', key.q, 'unitCost', '2.5000', 'source', json_build_object('system', 'erp', 'documentId', 'GRN-' || n)) END
       FROM generate_series(0, $1::int * $2::int - 1) AS n,
            LATERAL (SELECT 'SKU-' || lpad(((n % $1::int) / $3::int)::text, 6, '0') AS sku, 'L' || lpad(((n % $1::int) % $3::int)::text, 3, '0') AS location_id,
                            n / $1::int + 1 AS version, 1 + (n % $1::int) % 7 AS q, (n % $1::int) % $4::int AS sold) AS key,
            LATERAL (SELECT CASE WHEN s.selling THEN 'sale-' ELSE 'grn-' END || n AS id, CASE WHEN s.selling THEN 'sale' ELSE 'receipt' END AS kind,
                            CASE WHEN s.selling THEN s.left_after - key.q * (key.version - 1) ELSE key.q END AS delta,
                            CASE WHEN s.selling THEN s.left_after ELSE key.q * key.version END AS after
                       FROM (SELECT key.version = $2::int AND key.sold IN (1, 2) AS selling, CASE WHEN key.sold = 2 THEN $5::int ELSE 0 END AS left_after) AS s) AS m`,
    [balances, perBalance, locations, SOLD_OUT_EVERY, NEGATIVE_AFTER_SALE],
  );
  await owner.query(
    `INSERT INTO inventory_ledger.item_setting (sku, low_stock_threshold)
     SELECT 'SKU-' || lpad(s::text, 6, '0'), 1000 FROM generate_series(0, ($1::int + $2::int - 1) / $2::int - 1) AS s WHERE s % 10 IN (0, 4, 8)`,
    [balances, locations],
  );
  await owner.query(
    `INSERT INTO inventory_ledger.stock_balance (sku, location_id, on_hand, inventory_value, average_unit_cost, version, last_movement_at, updated_at, counted_threshold)
     SELECT m.sku, m.location_id, sum(m.quantity_delta), sum(m.value_delta), 2.5, count(*), max(m.occurred_at), now(), min(i.low_stock_threshold)
       FROM inventory_ledger.movement m LEFT JOIN inventory_ledger.item_setting i ON i.sku = m.sku GROUP BY m.sku, m.location_id`,
  );
  await owner.query(
    `INSERT INTO inventory_ledger.location_valuation (location_id, on_hand, inventory_value, in_transit_value, cost_of_goods_sold, balances, negative, stockout, low)
     SELECT b.location_id, sum(b.on_hand), sum(b.inventory_value), 0, coalesce(min(sold.cost), 0), count(*),
            count(*) FILTER (WHERE b.on_hand < 0), count(*) FILTER (WHERE b.on_hand = 0), count(*) FILTER (WHERE b.on_hand > 0 AND b.on_hand <= b.counted_threshold)
       FROM inventory_ledger.stock_balance b
       LEFT JOIN (SELECT location_id, sum(cost_of_goods_sold) AS cost FROM inventory_ledger.movement WHERE kind = 'sale' GROUP BY location_id) AS sold ON sold.location_id = b.location_id
      GROUP BY b.location_id`,
  );
  for (const table of ['movement', 'stock_balance', 'item_setting', 'location_valuation']) await owner.query(`VACUUM ANALYZE inventory_ledger.${table}`);
}

const STATE_CONDITIONS = { negative: 'on_hand < 0', stockout: 'on_hand = 0', low: 'on_hand > 0 AND on_hand <= counted_threshold' } as const;
type State = keyof typeof STATE_CONDITIONS;
type StateCounts = Record<State, number>;

async function stateCounts(owner: Client): Promise<Map<string, StateCounts>> {
  const { rows } = await owner.query<{ location_id: string; negative: string; stockout: string; low: string }>('SELECT location_id, negative, stockout, low FROM inventory_ledger.location_valuation');
  return new Map(rows.map((row) => [row.location_id, { negative: Number(row.negative), stockout: Number(row.stockout), low: Number(row.low) }]));
}

function totalsOf(states: Map<string, StateCounts>): StateCounts {
  const totals: StateCounts = { negative: 0, stockout: 0, low: 0 };
  for (const counts of states.values()) for (const state of Object.keys(totals) as State[]) totals[state] += counts[state];
  return totals;
}

interface CoverPageRow {
  sku: string;
  onHand?: number;
  inventoryValue?: string;
  notInLedger?: true;
  daysOfCover: number | null;
}

/**
 * What is wrong with a days-of-cover page of the dashboard, read against the tables: over the whole
 * location, its keys must be forecasting's at that offset (by days of cover, those without last,
 * ties by SKU in the direction asked); within a state, the ledger's page of the state (by SKU)
 * sorted by days of cover. Either way each row's on hand and value must be the ledger's and its
 * days of cover the position's, rounded to a tenth. Undefined when the page is right.
 */
async function wrongInCoverPage(owner: Client, asked: string, status: number, text: string): Promise<string | undefined> {
  const url = new URL(asked, 'http://dashboard');
  const locationId = decodeURIComponent(url.pathname.split('/')[3] ?? '');
  const direction = url.searchParams.get('direction') === 'desc' ? 'desc' : 'asc';
  const state = (url.searchParams.get('state') ?? 'all') as State | 'all';
  const offset = (Number(url.searchParams.get('page') ?? '1') - 1) * BALANCES_PER_PAGE;
  if (status !== 200) return `answered ${status}: ${text.slice(0, 200)}`;
  const page = JSON.parse(text) as { sortedWithin: string; total: number; items: CoverPageRow[] };
  const order = direction === 'asc' ? 'ASC' : 'DESC';
  const expected =
    state === 'all'
      ? await owner.query<{ sku: string; total: string }>(
          `SELECT sku, count(*) OVER () AS total FROM reorder_forecasting.stock_position WHERE location_id = $1 AND balance_version > 0
            ORDER BY days_of_cover IS NULL, days_of_cover ${order}, CASE WHEN days_of_cover IS NOT NULL THEN sku END ${order}, sku`,
          [locationId],
        )
      : await owner.query<{ sku: string; total: string }>(
          `SELECT sku, count(*) OVER () AS total FROM inventory_ledger.stock_balance WHERE location_id = $1 AND version > 0 AND ${STATE_CONDITIONS[state]} ORDER BY sku`,
          [locationId],
        );
  const expectedTotal = Number(expected.rows[0]?.total ?? 0);
  const expectedSkus = expected.rows.slice(offset, offset + BALANCES_PER_PAGE).map((row) => row.sku);
  const skus = page.items.map((row) => row.sku);
  if (page.sortedWithin !== (state === 'all' ? 'location' : 'page')) return `sorted within ${page.sortedWithin}`;
  if (page.total !== expectedTotal) return `total ${page.total}, the tables hold ${expectedTotal}`;
  const asListed = state === 'all' ? skus : [...skus].sort();
  const expectedListed = state === 'all' ? expectedSkus : [...expectedSkus].sort();
  if (asListed.join(',') !== expectedListed.join(',')) return `keys ${skus.join(',')}, expected ${expectedSkus.join(',')}`;
  const outOfOrder = page.items.findIndex((row, index) => index > 0 && !inCoverOrder(page.items[index - 1] as CoverPageRow, row, direction));
  if (outOfOrder > 0) return `row ${outOfOrder} (${skus[outOfOrder]}) out of days-of-cover order`;
  const { rows } = await owner.query<{ sku: string; on_hand: string; inventory_value: string; days_of_cover: number | null }>(
    `SELECT b.sku, b.on_hand::text AS on_hand, b.inventory_value::text AS inventory_value, p.days_of_cover
       FROM unnest($2::text[]) AS k(sku) JOIN inventory_ledger.stock_balance b ON b.location_id = $1 AND b.sku = k.sku
       LEFT JOIN reorder_forecasting.stock_position p ON p.location_id = $1 AND p.sku = k.sku`,
    [locationId, skus],
  );
  const truth = new Map(rows.map((row) => [row.sku, row]));
  for (const row of page.items) {
    const held = truth.get(row.sku);
    if (!held || row.notInLedger) return `${row.sku} not in the ledger`;
    const cover = held.days_of_cover === null ? null : Math.round(held.days_of_cover * 10) / 10;
    if (row.onHand !== Number(held.on_hand) || row.inventoryValue !== held.inventory_value || row.daysOfCover !== cover) {
      return `${row.sku}: on hand ${row.onHand}, value ${row.inventoryValue}, days of cover ${row.daysOfCover}; the tables hold ${held.on_hand}, ${held.inventory_value}, ${cover}`;
    }
  }
  return undefined;
}

/** Whether `next` may follow `previous` by days of cover: those without one last, whichever the direction. */
function inCoverOrder(previous: CoverPageRow, next: CoverPageRow, direction: 'asc' | 'desc'): boolean {
  if (next.daysOfCover === null) return true;
  if (previous.daysOfCover === null) return false;
  return direction === 'asc' ? previous.daysOfCover <= next.daysOfCover : previous.daysOfCover >= next.daysOfCover;
}

runStandalone(main);
