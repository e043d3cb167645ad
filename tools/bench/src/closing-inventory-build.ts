// Times the inventory-ledger's closing inventory on a generated ledger, run on its own (not part
// of `npm run bench`):
//
//   KAFKA_BROKERS=... DATABASE_URL=... node -r ./tools/ts-register.cjs tools/bench/src/closing-inventory-build.ts \
//     [--balances 20000] [--per-balance 40] [--days 365] [--closed-days-ago 30] [--late 2] [--page-keys 2000]
//
// It writes balances x per-balance movements straight into the ledger's tables with SQL, as the
// schema's owner, spread evenly over `days` days up to now, each balance equal to the sums of its
// movements; `late` movements per key are dated on the closed day but booked after it (a posting
// day set), as after late movements into a closed period. It starts the ledger as a process with
// the page size given and no pacing to speak of, closes the books through the day
// `closed-days-ago` days back over HTTP and waits (asking GET /v1/periods every 20 ms) for the
// closing inventory to be ready, then downloads the whole report and one location's (CSV), and, for
// comparison, the valuation export as of the end of that day (the movements since it, per key).
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startServiceProcess, waitFor } from '@ledgerline/testing';
import { BenchResources } from './infra/bench-resources';
import { BENCH_ADMIN_API_KEY, benchCredentialHeaders, type RequestHeaders } from './infra/bench-credentials';
import { print, round, runStandalone } from './infra/standalone-run';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      balances: { type: 'string', default: '20000' },
      'per-balance': { type: 'string', default: '40' },
      days: { type: 'string', default: '365' },
      'closed-days-ago': { type: 'string', default: '30' },
      late: { type: 'string', default: '2' },
      'page-keys': { type: 'string', default: '2000' },
    },
  });
  const balances = Number(values.balances);
  const perBalance = Number(values['per-balance']);
  const late = Number(values.late);
  const resources = new BenchResources('closing-inventory');
  try {
    const database = await resources.database('closing_inventory');
    const env = { KAFKA_BROKERS: resources.brokers.join(','), ...database.serviceEnv('inventory_ledger'), KAFKA_TOPIC_PREFIX: resources.prefix, LOG_LEVEL: 'warn' };
    // Started once, so its migrations create the tables.
    const migrating = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: { ...env, DRIFT_AUDIT_ENABLED: 'false' } });
    await migrating.stop();

    const owner = new Client({ connectionString: database.url });
    await owner.connect();
    let through: string;
    try {
      const loadStarted = Date.now();
      through = ((await owner.query(`SELECT to_char((now() AT TIME ZONE 'UTC')::date - $1::int, 'YYYY-MM-DD') AS through`, [Number(values['closed-days-ago'])])).rows[0] as { through: string }).through;
      // Movement v of a key (1..per-balance) is dated v/per-balance of the way through the days;
      // the last `late` of them are dated on the closed day and booked on the day after it.
      await owner.query(
        `INSERT INTO inventory_ledger.movement (movement_id, kind, sku, location_id, quantity_delta, in_transit_delta, on_order_delta, value_delta,
           in_transit_value_delta, cost_of_goods_sold, balance_version, on_hand_after, occurred_at, last_movement_at_after, recorded_at, posting_day, payload)
         SELECT 'grn-' || k || '-' || v, 'receipt', 'SKU-' || k / 100, 'L' || k % 100, 3, 0, 0, 7.5, 0, 0, v, 3 * v, at, max(at) OVER (PARTITION BY k ORDER BY v), now(),
                CASE WHEN v > $2::int - $4::int THEN $5::date + 1 END,
                json_build_object('movementId', 'grn-' || k || '-' || v, 'kind', 'receipt', 'quantity', 3, 'unitCost', '2.5000', 'source', json_build_object('system', 'erp', 'documentId', 'GRN'))
           FROM generate_series(0, $1::int - 1) AS k CROSS JOIN generate_series(1, $2::int) AS v
          CROSS JOIN LATERAL (SELECT CASE WHEN v > $2::int - $4::int THEN $5::date + time '12:00'
                                          ELSE now() - interval '1 day' * $3::int * (1 - v::numeric / ($2::int - $4::int + 1)) END AS at) AS t`,
        [balances, perBalance, Number(values.days), late, through],
      );
      await owner.query(
        `INSERT INTO inventory_ledger.stock_balance (sku, location_id, on_hand, inventory_value, version, updated_at)
         SELECT sku, location_id, sum(quantity_delta), sum(value_delta), count(*), now() FROM inventory_ledger.movement GROUP BY sku, location_id`,
      );
      await owner.query('VACUUM ANALYZE inventory_ledger.movement');
      await owner.query('VACUUM ANALYZE inventory_ledger.stock_balance');
      const after = (await owner.query(`SELECT count(*)::int AS n FROM inventory_ledger.movement WHERE COALESCE(posting_day, (occurred_at AT TIME ZONE 'UTC')::date) > $1::date`, [through])).rows[0] as { n: number };
      print({ loaded: { balances, movements: balances * perBalance, bookedAfterTheDay: after.n, through, seconds: round((Date.now() - loadStarted) / 1000) } });
    } finally {
      await owner.end();
    }

    const ledger = await startServiceProcess({
      name: 'inventory-ledger',
      entry: 'apps/inventory-ledger/src/main.ts',
      env: { ...env, DRIFT_AUDIT_ENABLED: 'false', ADMIN_API_KEY: BENCH_ADMIN_API_KEY, CLOSING_INVENTORY_PAGE_KEYS: values['page-keys'], CLOSING_INVENTORY_PAGES_PER_SECOND: '1000' },
    });
    try {
      const headers = await benchCredentialHeaders(ledger.url, ['periods:close', 'valuation:read']);
      const closeStarted = Date.now();
      const closed = await fetch(`${ledger.url}/v1/periods/close`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ through, reason: 'bench' }) });
      if (closed.status !== 201) throw new Error(`the close was refused: HTTP ${closed.status} ${await closed.text()}`);
      const closeMs = Date.now() - closeStarted;
      await waitFor(
        async () => {
          const periods = (await (await fetch(`${ledger.url}/v1/periods`, { headers })).json()) as { closes: Array<{ closingInventory: { ready: boolean } }> };
          return periods.closes[0]?.closingInventory.ready === true ? true : undefined;
        },
        { timeoutMs: 3_600_000, intervalMs: 20, description: 'the closing inventory to be ready' },
      );
      const buildSeconds = round((Date.now() - closeStarted - closeMs) / 1000);
      print({
        close: { ms: closeMs, buildSeconds, pages: Math.ceil((balances + 1) / Number(values['page-keys'])) },
        report: await download(`${ledger.url}/v1/reports/closing-inventory?through=${through}`, headers),
        oneLocation: await download(`${ledger.url}/v1/reports/closing-inventory?through=${through}&locationId=L7`, headers),
        valuationAsOfExport: await download(`${ledger.url}/v1/exports/valuation?asOf=${through}T23:59:59.999Z`, headers),
      });
    } finally {
      await ledger.stop();
    }
  } finally {
    await resources.release();
  }
}

/** Downloads a CSV export, counting its lines as they arrive. */
async function download(url: string, headers: RequestHeaders): Promise<{ rows: number; ms: number }> {
  const started = Date.now();
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) for (const byte of chunk) if (byte === 10) lines += 1;
  return { rows: lines - 1, ms: Date.now() - started };
}

runStandalone(main);
