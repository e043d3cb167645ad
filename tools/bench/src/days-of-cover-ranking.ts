// Times reorder-forecasting's ranking of a location by days of cover (GET
// /v1/cover/:locationId/ranking), run on its own (not part of `npm run bench`):
//
//   KAFKA_BROKERS=... DATABASE_URL=... node -r ./tools/ts-register.cjs tools/bench/src/days-of-cover-ranking.ts \
//     [--items 12500] [--locations 20] [--with-forecast 0.8] [--requests 600]
//
// It writes positions (items x locations) and forecasts for a share of them straight into the
// service's tables, as the intake and the fits would leave them (days of cover set by the
// column's rule, persistence/days-of-cover-column.ts; the writing is workload/cover-positions.ts,
// shared with dashboard-pages.ts), starts reorder-forecasting as a process and asks one location's
// ranking pages, both directions, at offsets spread over the whole location (pages of 50, as the
// dashboard asks), one request at a time. It prints the answers' latency.
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startServiceProcess } from '@ledgerline/testing';
import { BenchResources } from './infra/bench-resources';
import { benchCredentialHeaders } from './infra/bench-credentials';
import { BENCH_ADMIN_API_KEY } from './infra/services';
import { summariseLatencies } from './report/stats';
import { writeCoverPositions } from './workload/cover-positions';
import { print, round, runStandalone } from './infra/standalone-run';

const PAGE = 50;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      items: { type: 'string', default: '12500' },
      locations: { type: 'string', default: '20' },
      'with-forecast': { type: 'string', default: '0.8' },
      requests: { type: 'string', default: '600' },
    },
  });
  const items = Number(values.items);
  const locations = Number(values.locations);
  const requests = Number(values.requests);
  const resources = new BenchResources('cover-ranking');
  try {
    const database = await resources.database('cover_ranking');
    const env = { KAFKA_BROKERS: resources.brokers.join(','), ...database.serviceEnv('reorder_forecasting'), KAFKA_TOPIC_PREFIX: resources.prefix, LOG_LEVEL: 'warn', ADMIN_API_KEY: BENCH_ADMIN_API_KEY, REFIT_INTERVAL_MS: '0' };
    // Started once, so its migrations create the tables.
    const migrating = await startServiceProcess({ name: 'reorder-forecasting', entry: 'apps/reorder-forecasting/src/main.ts', env });
    await migrating.stop();

    const owner = new Client({ connectionString: database.url });
    await owner.connect();
    try {
      await writeCoverPositions(
        owner,
        {
          select: `SELECT 'SKU-' || lpad((n / $2::int)::text, 6, '0'), 'L' || lpad((n % $2::int)::text, 2, '0'), (hashtext(n::text) % 200) - 10, 1 + n % 7
                     FROM generate_series(0, $1::int * $2::int - 1) AS n`,
          parameters: [items, locations],
        },
        Number(values['with-forecast']),
      );
    } finally {
      await owner.end();
    }
    print({ loaded: { items, locations, positions: items * locations } });

    const forecasting = await startServiceProcess({ name: 'reorder-forecasting', entry: 'apps/reorder-forecasting/src/main.ts', env });
    try {
      const reader = await benchCredentialHeaders(forecasting.url, ['forecast:read']);
      const pages = Math.ceil(items / PAGE);
      const ask = async (index: number) => {
        const direction = index % 2 === 0 ? 'asc' : 'desc';
        // Spread over every page of the location, first and last included.
        const offset = ((index * 7919) % pages) * PAGE;
        const started = process.hrtime.bigint();
        const answer = await fetch(`${forecasting.url}/v1/cover/L00/ranking?direction=${direction}&offset=${offset}&limit=${PAGE}`, { headers: reader });
        const body = (await answer.json()) as { items?: unknown[] };
        if (!answer.ok || !body.items || body.items.length === 0) throw new Error(`ranking at offset ${offset} answered ${answer.status}`);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      for (let index = 0; index < 50; index += 1) await ask(index);
      const latencies: number[] = [];
      for (let index = 0; index < requests; index += 1) latencies.push(await ask(index));
      const summary = summariseLatencies(latencies);
      print({ rankingMs: { requests: summary.count, p50: round(summary.p50), p95: round(summary.p95), p99: round(summary.p99), max: round(summary.max) } });
    } finally {
      await forecasting.stop();
    }
  } finally {
    await resources.release();
  }
}

runStandalone(main);
