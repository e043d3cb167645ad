import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { openServiceDatabase } from './service-data-source';

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE widgets_demo.widget (id int PRIMARY KEY)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widgets_demo.widget');
  }
}

describe('openServiceDatabase (real PostgreSQL)', () => {
  let database: TestDatabase;
  beforeAll(async () => (database = await createTestDatabase('runtime-db')));
  afterAll(() => database.drop());

  it('creates the schema, runs migrations once, and records them in the service schema', async () => {
    const options = { url: database.url, schema: 'widgets_demo', entities: [], migrations: [CreateWidgets1700000000000] };
    const first = await openServiceDatabase(options);
    await first.destroy();
    const second = await openServiceDatabase(options);
    const applied = await second.query('SELECT name FROM widgets_demo.schema_migrations');
    const tables = await second.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'widgets_demo' ORDER BY 1`);
    await second.destroy();
    expect(applied).toEqual([{ name: 'CreateWidgets1700000000000' }]);
    expect(tables.map((row: { table_name: string }) => row.table_name)).toEqual(['schema_migrations', 'widget']);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openServiceDatabase({ url: database.url, schema: 'x; DROP', entities: [], migrations: [] })).rejects.toThrow(/lowercase SQL identifier/);
  });
});
