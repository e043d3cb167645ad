import { Client } from 'pg';
import { createTestDatabase } from './test-database';

describe('createTestDatabase (real PostgreSQL)', () => {
  it('creates an isolated database that accepts connections and drops it again', async () => {
    const database = await createTestDatabase('testing lib');
    expect(database.name).toMatch(/^ledgerline_test_testing_lib_[0-9a-f]{8}$/);

    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ current_database: string }>('SELECT current_database()');
    await client.end();
    expect(rows[0]?.current_database).toBe(database.name);

    await database.drop();
    const admin = new Client({ connectionString: process.env['DATABASE_URL'] });
    await admin.connect();
    const remaining = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.name]);
    await admin.end();
    expect(remaining.rowCount).toBe(0);
  });

  it('gives two suites two different databases', async () => {
    const [first, second] = await Promise.all([createTestDatabase('parallel'), createTestDatabase('parallel')]);
    expect(first.name).not.toBe(second.name);
    await Promise.all([first.drop(), second.drop()]);
  });
});
