// Times opening a store from a CSV file of its opening stock, run on its own (not part of
// `npm run bench`):
//
//   KAFKA_BROKERS=... DATABASE_URL=... [BENCH_PORT_BASE=...] node -r ./tools/ts-register.cjs tools/bench/src/store-opening.ts \
//     [--items 50000] [--schema bench_store_opening]
//
// It starts pos-ingestion as a process on its own schema (dropped at the end), registers the
// store, issues a movements:write credential, and uploads a generated file of one line per item
// to POST /v1/imports/opening-stock, streamed as it is generated. The time is from the first byte
// sent to the answer, which comes only after every line's receipt was acknowledged by Kafka. It
// then uploads the same file again (every line a duplicate) and prints both.
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startServiceProcess } from '@ledgerline/testing';
import { print, round, runStandalone } from './infra/standalone-run';
import { benchCredentialHeaders } from './infra/bench-credentials';
import { BENCH_ADMIN_API_KEY } from './infra/services';

function* openingStock(items: number): Generator<string> {
  yield 'sku,quantity,unitCost\n';
  for (let item = 0; item < items; item++) yield `ITEM-${String(item).padStart(6, '0')},${1 + (item % 97)},${(1 + (item % 500) / 100).toFixed(4)}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { items: { type: 'string', default: '50000' }, schema: { type: 'string', default: 'bench_store_opening' } } });
  const items = Number(values.items);
  const schema = values.schema;
  // The owner migrates; pos-ingestion runs as a login role of its own, named after the schema.
  const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const loginRole = `${schema}_pos_ingestion`;
  const serviceUrl = new URL(databaseUrl);
  serviceUrl.username = loginRole;
  serviceUrl.password = '';
  const portBase = process.env['BENCH_PORT_BASE'];
  const service = await startServiceProcess({
    name: 'pos-ingestion',
    entry: 'apps/pos-ingestion/src/main.ts',
    ...(portBase ? { port: Number(portBase) } : {}),
    env: { DATABASE_URL: serviceUrl.toString(), DATABASE_OWNER_URL: databaseUrl, DATABASE_SCHEMA: schema, KAFKA_TOPIC_PREFIX: schema, KAFKA_GROUP_ID: `${schema}-intake`, ADMIN_API_KEY: BENCH_ADMIN_API_KEY, LOG_LEVEL: 'warn' },
  });
  try {
    const admin = { authorization: `Bearer ${BENCH_ADMIN_API_KEY}`, 'content-type': 'application/json' };
    await fetch(`${service.url}/v1/admin/stores`, { method: 'POST', headers: admin, body: JSON.stringify({ storeId: 'NEW-STORE' }) });
    const erp = await benchCredentialHeaders(service.url, ['movements:write']);
    const upload = async () => {
      const started = process.hrtime.bigint();
      const response = await fetch(`${service.url}/v1/imports/opening-stock?locationId=NEW-STORE&importId=OPENING&occurredAt=2026-12-01T06:00:00Z`, {
        method: 'POST',
        headers: { ...erp, 'content-type': 'text/csv' },
        body: Readable.toWeb(Readable.from(openingStock(items))) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      const report = (await response.json()) as Record<string, unknown>;
      if (response.status !== 200) throw new Error(`upload answered ${response.status}: ${JSON.stringify(report)}`);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return { seconds: round(seconds), itemsPerSecond: Math.round(items / seconds), accepted: report['accepted'], duplicates: report['duplicates'], rejected: report['rejected'] };
    };
    print({ items, first: await upload() });
    print({ items, again: await upload() });
  } finally {
    await service.stop();
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`DROP ROLE IF EXISTS "${loginRole}"`);
    await client.end();
  }
}

runStandalone(main);
