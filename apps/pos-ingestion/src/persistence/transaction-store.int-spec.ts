// Pairing voids with their originals against the real database, and what finding a parked void
// costs once the table holds many voids: each request of originals looks for voids parked for
// them, so the lookup must not grow with every void ever accepted.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { PosSaleV1, PosVoidV1 } from '@ledgerline/contracts';
import { transactionKeyOf } from '@ledgerline/pos-domain';
import { baseConfigSchema, openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { posIngestionDatabaseOptions } from '../pos-ingestion.module';
import { claimRowsSql } from './publication-claims';
import { TransactionStore, existingRowsSql, pendingVoidsSql } from './transaction-store';

jest.setTimeout(60_000);

const SCHEMA = 'pos_ingestion';

describe('TransactionStore void pairing (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: TransactionStore;

  beforeAll(async () => {
    database = await createTestDatabase('pos-void-pairing');
    dataSource = await openServiceDatabase(posIngestionDatabaseOptions({ ...baseConfigSchema.parse({}), ...database.serviceEnv('pos_ingestion'), DATABASE_SCHEMA: SCHEMA, DATABASE_POOL_SIZE: 2 }));
    store = new TransactionStore(dataSource, SCHEMA);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  const sale = (transactionId: string): PosSaleV1 => ({
    transactionId,
    storeId: 'S1',
    terminalId: 'T1',
    occurredAt,
    type: 'sale',
    currency: 'EUR',
    lines: [{ lineNumber: 1, sku: 'TEA', quantity: 2, unitPrice: '3.0000' }],
  });
  const voidOf = (transactionId: string, voidsTransactionId: string): PosVoidV1 => ({
    transactionId,
    storeId: 'S1',
    terminalId: 'T1',
    occurredAt,
    type: 'void',
    currency: 'EUR',
    voidsTransactionId,
  });

  it('resolves a void parked before its original when the original arrives', async () => {
    const parked = await store.record([voidOf('V-EARLY', 'T-LATE')], 'http');
    expect(parked.results.get(transactionKeyOf({ storeId: 'S1', transactionId: 'V-EARLY' }))).toMatchObject({ kind: 'inserted', status: 'pending-original' });
    expect(parked.resolvedVoids).toEqual([]);

    const arrived = await store.record([sale('T-LATE')], 'http');
    expect(arrived.resolvedVoids).toEqual([
      expect.objectContaining({ storeId: 'S1', transactionId: 'V-EARLY', voidsTransactionId: 'T-LATE', violation: null, movementIds: [expect.any(String)] }),
    ]);
  });

  it('resolves a void and its original sent in one request once', async () => {
    const both = await store.record([sale('T-TOGETHER'), voidOf('V-TOGETHER', 'T-TOGETHER')], 'http');
    expect(both.resolvedVoids.map((resolved) => resolved.transactionId)).toEqual(['V-TOGETHER']);
    expect(both.resolvedVoids[0]).toMatchObject({ violation: null });
  });

  it('finds the voids parked for a request of originals without reading every void ever accepted', async () => {
    const owner = new Client({ connectionString: database.url });
    await owner.connect();
    try {
      await owner.query(
        `INSERT INTO ${SCHEMA}.pos_transaction (store_id, transaction_id, type, voids_transaction_id, fingerprint, body, occurred_at, status, channel, published_at)
         SELECT 'S' || (i % 20), 'V-OLD-' || i, 'void', 'T-OLD-' || i, 'f', '{}', now(), 'accepted', 'http', now() FROM generate_series(1, 20000) AS i`,
      );
      await owner.query(`ANALYZE ${SCHEMA}.pos_transaction`);
      await store.record([voidOf('V-PARKED', 'T-AWAITED')], 'http');

      // What one request of twenty originals asks, one of them with a void parked for it.
      const originals = ['T-AWAITED', ...Array.from({ length: 19 }, (_, index) => `T-NEW-${index}`)];
      await owner.query('BEGIN');
      // As record() does before the lookup: the originals are inserted in the same transaction.
      await owner.query(
        `INSERT INTO ${SCHEMA}.pos_transaction (store_id, transaction_id, type, fingerprint, body, occurred_at, status, channel)
         SELECT 'S1', id, 'sale', 'f', $2::jsonb, now(), 'accepted', 'http' FROM unnest($1::text[]) AS id`,
        [originals, JSON.stringify(sale('T-AWAITED'))],
      );
      const [{ 'QUERY PLAN': [plan] }] = (
        await owner.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${pendingVoidsSql(SCHEMA, 'voids_transaction_id')}`, [originals.map(() => 'S1'), originals])
      ).rows as Array<{ 'QUERY PLAN': Array<{ Plan: { 'Actual Rows': number; 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }> }>;
      await owner.query('ROLLBACK');
      expect(plan!.Plan['Actual Rows']).toBe(1);
      // An index probe per original: a few blocks each. Matching every live void against the
      // request, as a condition ORing both lists did, read about 310 blocks here.
      expect(plan!.Plan['Shared Hit Blocks'] + plan!.Plan['Shared Read Blocks']).toBeLessThan(150);
    } finally {
      await owner.end();
    }
  });

  it('reads the rows of a resent request of hundreds of transactions, and locks them for a claim, by probes of the primary key', async () => {
    // Rows no statistics describe (never analysed here): joined to the request's keys as a whole,
    // the planner hashed every transaction recorded.
    await dataSource.query(
      `INSERT INTO ${SCHEMA}.pos_transaction (store_id, transaction_id, type, fingerprint, body, occurred_at, status, channel, published_at)
       SELECT 'S2', 'T-PROBE-' || i, 'sale', 'f', '{}', now(), 'accepted', 'http', now() FROM generate_series(1, 20000) AS i`,
    );
    const keys = Array.from({ length: 600 }, (_, index) => `T-PROBE-${index * 7 + 1}`);
    const parameters = [keys.map(() => 'S2'), keys];
    const scansOf = async (text: string, values: unknown[]) => {
      const plan = JSON.stringify(await dataSource.query(`EXPLAIN (FORMAT JSON) ${text}`, values));
      return { plan, rows: (await dataSource.query(text, values)).length };
    };
    for (const { plan, rows } of [await scansOf(existingRowsSql(SCHEMA), parameters), await scansOf(claimRowsSql(SCHEMA), [...parameters, 'token'])]) {
      expect(plan).not.toMatch(/"Node Type":"(Seq Scan|Hash Join|Merge Join)"/);
      expect(plan).toMatch(/"Index Name":"pos_transaction_pkey"/);
      expect(rows).toBe(600);
    }
  });
});
