// pos-ingestion's database connection, as the service opens it (migrated by the owner, then its
// own login role): no SQL it could send changes an accepted transaction's record or drops the
// rejection log's history wholesale, and the grant list names every table of the schema.
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, historyChangesLetThrough, type TestDatabase } from '@ledgerline/testing';
import type { DataSource } from 'typeorm';
import { posIngestionConfigSchema } from '../config/pos-ingestion.config';
import { posIngestionDatabaseOptions } from '../pos-ingestion.module';

jest.setTimeout(60_000);

describe("pos-ingestion's login role (real PostgreSQL)", () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let serviceUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase('pos-grants');
    const config = posIngestionConfigSchema.parse({ ...database.serviceEnv('pos_ingestion'), ADMIN_API_KEY: 'pos-grants-admin-key-0123456789', DATABASE_POOL_SIZE: '1' });
    serviceUrl = config.DATABASE_URL;
    dataSource = await openServiceDatabase(posIngestionDatabaseOptions(config));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('may record a transaction and its outcome, but not rewrite what was received', async () => {
    await dataSource.query(`INSERT INTO pos_ingestion.store (store_id, name) VALUES ('S1', 'Store 1')`);
    const columns: Array<{ column_name: string }> = await dataSource.query(
      `SELECT column_name FROM information_schema.column_privileges WHERE grantee = current_user AND table_schema = 'pos_ingestion' AND table_name = 'pos_transaction' AND privilege_type = 'UPDATE' ORDER BY 1`,
    );
    expect(columns.map((row) => row.column_name)).toEqual(['movement_ids', 'publish_claim', 'publish_claimed_until', 'published_at', 'rejection_code', 'rejection_path', 'rejection_reason', 'status']);
    await expect(dataSource.query(`UPDATE pos_ingestion.pos_transaction SET store_id = 'S2'`)).rejects.toMatchObject({ code: '42501' });
  });

  it('lets no SQL its connection could send change the history', async () => {
    const history = { schema: 'pos_ingestion', historyTables: ['pos_transaction', 'dead_letter_action', 'schema_migrations'] };
    expect(await historyChangesLetThrough({ ...history, serviceUrl })).toEqual([]);
    // The same attempts as the owner get through, so the list above could fail.
    expect(await historyChangesLetThrough({ ...history, serviceUrl: database.url })).toEqual(expect.arrayContaining(['DELETE FROM "pos_ingestion"."pos_transaction"']));
  });
});
