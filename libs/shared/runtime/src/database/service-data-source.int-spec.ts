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

/** Creates a role that may only read the widget table, as a service's migration would for its writer role. */
class CreateReadOnlyRole1700000000001 implements MigrationInterface {
  name = 'CreateReadOnlyRole1700000000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DO $$ BEGIN CREATE ROLE widgets_demo_reader NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    await runner.query('GRANT USAGE ON SCHEMA widgets_roles TO widgets_demo_reader');
    await runner.query('CREATE TABLE widgets_roles.widget (id int PRIMARY KEY)');
    await runner.query('INSERT INTO widgets_roles.widget VALUES (1)');
    await runner.query('GRANT SELECT ON widgets_roles.widget TO widgets_demo_reader');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widgets_roles.widget');
  }
}

class CreateWidgetsInRace1700000000000 implements MigrationInterface {
  name = 'CreateWidgetsInRace1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE widgets_race.widget (id int PRIMARY KEY)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widgets_race.widget');
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

  it('applies each migration once when several instances start at the same moment', async () => {
    const options = { url: database.url, schema: 'widgets_race', entities: [], migrations: [CreateWidgetsInRace1700000000000] };
    const instances = await Promise.all([openServiceDatabase(options), openServiceDatabase(options), openServiceDatabase(options)]);
    const applied = await instances[0]!.query('SELECT name FROM widgets_race.schema_migrations');
    await Promise.all(instances.map((instance) => instance.destroy()));
    expect(applied).toEqual([{ name: 'CreateWidgetsInRace1700000000000' }]);
  });

  it('works as the session role after migrating, with only that role\'s grants', async () => {
    const dataSource = await openServiceDatabase({
      url: database.url,
      schema: 'widgets_roles',
      entities: [],
      migrations: [CreateReadOnlyRole1700000000001],
      sessionRole: 'widgets_demo_reader',
    });
    try {
      expect(await dataSource.query('SELECT current_user AS role')).toEqual([{ role: 'widgets_demo_reader' }]);
      expect(await dataSource.query('SELECT id FROM widgets_roles.widget')).toEqual([{ id: 1 }]);
      await expect(dataSource.query('DELETE FROM widgets_roles.widget')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await dataSource.destroy();
    }
  });

  it('bounds every statement, lock wait, idle transaction and pool wait of the service, but not its migrations', async () => {
    class SlowMigration1700000000002 implements MigrationInterface {
      name = 'SlowMigration1700000000002';
      async up(runner: QueryRunner): Promise<void> {
        // Longer than the service's statement bound: migrations may rewrite large tables.
        await runner.query('SELECT pg_sleep(0.4)');
      }
      async down(): Promise<void> {
        // Nothing to undo: it only takes time.
      }
    }
    const dataSource = await openServiceDatabase({
      url: database.url,
      schema: 'widgets_timeouts',
      entities: [],
      migrations: [SlowMigration1700000000002],
      poolSize: 1,
      timeouts: { statementMs: 200, lockMs: 300, idleInTransactionMs: 4_000, connectMs: 500 },
    });
    try {
      const settings = await dataSource.query(
        `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
                current_setting('idle_in_transaction_session_timeout') AS idle`,
      );
      expect(settings).toEqual([{ statement: '200ms', lock: '300ms', idle: '4s' }]);
      await expect(dataSource.query('SELECT pg_sleep(1)')).rejects.toMatchObject({ code: '57014' });
      // The one pooled connection is taken: a second caller gives up after the connect bound.
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      try {
        const started = Date.now();
        await expect(dataSource.query('SELECT 1')).rejects.toThrow(/timeout/i);
        expect(Date.now() - started).toBeLessThan(5_000);
      } finally {
        await runner.release();
      }
    } finally {
      await dataSource.destroy();
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openServiceDatabase({ url: database.url, schema: 'x; DROP', entities: [], migrations: [] })).rejects.toThrow(/lowercase SQL identifier/);
  });
});
