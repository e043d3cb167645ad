// Times opening a store from a CSV file of its opening stock, run on its own (not part of
// `npm run bench`):
//
//   KAFKA_BROKERS=... DATABASE_URL=... [BENCH_PORT_BASE=...] node -r ./tools/ts-register.cjs tools/bench/src/store-opening.ts \
//     [--items 50000] [--schema bench_store_opening]
//
// It starts pos-ingestion as a process on its own schema (dropped at the end), registers the
// store, publishes the store and every item on the catalog topics as an ERP does and waits until
// pos-ingestion's catalog copy holds them (the door refuses what the catalog lacks), issues a
// movements:write credential, and uploads a generated file of one line per item
// to POST /v1/imports/opening-stock, streamed as it is generated. The time is from the first byte
// sent to the answer, which comes only after every line's receipt was acknowledged by Kafka. It
// then uploads the same file again (every line a duplicate) and prints both, after how long the
// catalog copy took to learn the published catalog.
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { TOPICS, createEnvelope, type CatalogItemV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { startServiceProcess, testKafkaBrokers, waitFor } from '@ledgerline/testing';
import { print, round, runStandalone } from './infra/standalone-run';
import { benchCredentialHeaders } from './infra/bench-credentials';
import { BENCH_ADMIN_API_KEY } from './infra/services';

const skuOf = (item: number) => `ITEM-${String(item).padStart(6, '0')}`;

function* openingStock(items: number): Generator<string> {
  yield 'sku,quantity,unitCost\n';
  for (let item = 0; item < items; item++) yield `${skuOf(item)},${1 + (item % 97)},${(1 + (item % 500) / 100).toFixed(4)}\n`;
}

/** The store and every item on the catalog topics, a chunk at a time, as an ERP publishes them. */
async function publishCatalog(topicPrefix: string, locationId: string, items: number): Promise<void> {
  const erp = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${topicPrefix}-erp` }));
  await erp.connect();
  try {
    const updatedAt = new Date().toISOString();
    const location = { locationId, name: 'New store', kind: 'store' as const, active: true, updatedAt };
    await erp.send([{ topic: prefixedTopic(topicPrefix, TOPICS.catalogLocations.name), key: locationId, value: createEnvelope(TOPICS.catalogLocations, location, { producer: 'erp', occurredAt: updatedAt }) }]);
    for (let first = 0; first < items; first += 5_000) {
      const chunk: CatalogItemV1[] = [];
      for (let item = first; item < Math.min(items, first + 5_000); item++) chunk.push({ sku: skuOf(item), description: `Item ${item}`, unit: 'each', packSize: 1, lowStockThreshold: 0, active: true, updatedAt });
      await erp.send(chunk.map((entry) => ({ topic: prefixedTopic(topicPrefix, TOPICS.catalogItems.name), key: entry.sku, value: createEnvelope(TOPICS.catalogItems, entry, { producer: 'erp', occurredAt: updatedAt }) })));
    }
  } finally {
    await erp.disconnect();
  }
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
    const publishing = process.hrtime.bigint();
    await publishCatalog(schema, 'NEW-STORE', items);
    const owner = new Client({ connectionString: databaseUrl });
    await owner.connect();
    try {
      await waitFor(
        async () => {
          const [row] = (await owner.query<{ items: number }>(`SELECT count(*)::int AS items FROM "${schema}".catalog_item`)).rows;
          return row?.items === items;
        },
        { timeoutMs: 300_000, intervalMs: 500, description: "pos-ingestion's catalog copy to hold every item" },
      );
    } finally {
      await owner.end();
    }
    print({ items, catalogLearnt: { seconds: round(Number(process.hrtime.bigint() - publishing) / 1e9) } });
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
