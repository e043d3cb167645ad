// Times the inventory-ledger's drift audit on a generated ledger, run on its own (not part of
// `npm run bench`):
//
//   KAFKA_BROKERS=... DATABASE_URL=... node -r ./tools/ts-register.cjs tools/bench/src/drift-audit-pass.ts \
//     [--balances 25000] [--per-balance 40] [--chunk 500] [--busy-share 0.05] [--chunk-pause-ms 250]
//
// It writes balances x per-balance movements straight into the ledger's tables with SQL, as the
// schema's owner, each balance equal to the sums of its movements; the movements are interleaved
// in time, so one key's movements lie on many pages, as after months of trading. Then it starts
// the ledger as a process with the audit settings given and waits for a full pass, asking GET
// /v1/drift every 200 ms meanwhile. It prints the pass (from the report), the movements summed
// per second of wall time, and the report's latency while the audit runs.
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startServiceProcess, waitFor } from '@ledgerline/testing';
import { BenchResources } from './infra/bench-resources';
import { print, round, runStandalone } from './infra/standalone-run';
import { benchCredentialHeaders } from './infra/bench-credentials';
import { BENCH_ADMIN_API_KEY } from './infra/services';

interface PassReport {
  lastCompletedPass: { durationSeconds: number; keysChecked: number; movementsChecked: number; mismatchesFound: number } | null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      balances: { type: 'string', default: '25000' },
      'per-balance': { type: 'string', default: '40' },
      chunk: { type: 'string', default: '500' },
      'busy-share': { type: 'string', default: '0.05' },
      'chunk-pause-ms': { type: 'string', default: '250' },
    },
  });
  const balances = Number(values.balances);
  const perBalance = Number(values['per-balance']);
  const resources = new BenchResources('drift-audit');
  try {
    const database = await resources.database('drift_audit');
    const env = { KAFKA_BROKERS: resources.brokers.join(','), ...database.serviceEnv('inventory_ledger'), KAFKA_TOPIC_PREFIX: resources.prefix, LOG_LEVEL: 'warn' };
    // Started once without the audit, so its migrations create the tables.
    const migrating = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: { ...env, DRIFT_AUDIT_ENABLED: 'false' } });
    await migrating.stop();

    const loadStarted = Date.now();
    const owner = new Client({ connectionString: database.url });
    await owner.connect();
    try {
      await owner.query(
        `INSERT INTO inventory_ledger.movement (movement_id, kind, sku, location_id, quantity_delta, in_transit_delta, on_order_delta, value_delta,
           in_transit_value_delta, cost_of_goods_sold, balance_version, on_hand_after, occurred_at, recorded_at, payload)
         SELECT 'grn-' || n, 'receipt', 'SKU-' || (n % $1::int) / 100, 'L' || (n % $1::int) % 100, 3, 0, 0, 7.5, 0, 0, n / $1::int + 1, 3 * (n / $1::int + 1),
                now() - interval '1 second' * ($1::int * $2::int - n), now(),
                json_build_object('movementId', 'grn-' || n, 'kind', 'receipt', 'quantity', 3, 'unitCost', '2.5000', 'source', json_build_object('system', 'erp', 'documentId', 'GRN-' || n))
           FROM generate_series(0, $1::int * $2::int - 1) AS n`,
        [balances, perBalance],
      );
      await owner.query(
        `INSERT INTO inventory_ledger.stock_balance (sku, location_id, on_hand, inventory_value, version, updated_at)
         SELECT sku, location_id, sum(quantity_delta), sum(value_delta), count(*), now() - interval '1 day' FROM inventory_ledger.movement GROUP BY sku, location_id`,
      );
      await owner.query('VACUUM ANALYZE inventory_ledger.movement');
      await owner.query('VACUUM ANALYZE inventory_ledger.stock_balance');
    } finally {
      await owner.end();
    }
    print({ loaded: { balances, movements: balances * perBalance, seconds: (Date.now() - loadStarted) / 1000 } });

    const ledger = await startServiceProcess({
      name: 'inventory-ledger',
      entry: 'apps/inventory-ledger/src/main.ts',
      env: {
        ...env,
        DRIFT_AUDIT_KEYS_PER_CHUNK: values.chunk,
        DRIFT_AUDIT_MAX_BUSY_SHARE: values['busy-share'],
        DRIFT_AUDIT_CHUNK_PAUSE_MS: values['chunk-pause-ms'],
        ADMIN_API_KEY: BENCH_ADMIN_API_KEY,
      },
    });
    try {
      const reader = await benchCredentialHeaders(ledger.url, ['stock:read']);
      const latenciesMs: number[] = [];
      const report = await waitFor(
        async () => {
          const started = process.hrtime.bigint();
          const answer = (await (await fetch(`${ledger.url}/v1/drift`, { headers: reader })).json()) as PassReport;
          latenciesMs.push(Number(process.hrtime.bigint() - started) / 1e6);
          return answer.lastCompletedPass ?? undefined;
        },
        { timeoutMs: 3_600_000, intervalMs: 200, description: 'a full drift audit pass' },
      );
      latenciesMs.sort((a, b) => a - b);
      const at = (share: number) => round(latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(share * latenciesMs.length))] ?? 0);
      print({
        pass: report,
        movementsPerSecond: Math.round(report.movementsChecked / report.durationSeconds),
        driftReportMs: { requests: latenciesMs.length, p50: at(0.5), p99: at(0.99), max: at(1) },
      });
    } finally {
      await ledger.stop();
    }
  } finally {
    await resources.release();
  }
}

runStandalone(main);
