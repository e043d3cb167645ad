import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrateServiceDatabase, openServiceDatabase, type ServiceDataSourceOptions } from './service-data-source';

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE widgets_demo.widget (id int PRIMARY KEY)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widgets_demo.widget');
  }
}

class CreateReadableWidgets1700000000001 implements MigrationInterface {
  name = 'CreateReadableWidgets1700000000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE widgets_roles.widget (id int PRIMARY KEY)');
    await runner.query('INSERT INTO widgets_roles.widget VALUES (1)');
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

jest.setTimeout(60_000);

describe('openServiceDatabase (real PostgreSQL)', () => {
  let database: TestDatabase;
  beforeAll(async () => (database = await createTestDatabase('runtime-db')));
  afterAll(() => database.drop());

  /** A service of `schema` in the test database: its own login role, migrated by the owner. */
  const serviceOf = (schema: string, migrations: ServiceDataSourceOptions['migrations'], tables: ServiceDataSourceOptions['grants']['tables']): ServiceDataSourceOptions => {
    const env = database.serviceEnv(schema);
    return { url: env.DATABASE_URL, ownerUrl: env.DATABASE_OWNER_URL, schema, entities: [], migrations, grants: { tables: { schema_migrations: ['SELECT'], ...tables } } };
  };

  it('creates the schema, runs migrations once, and records them in the service schema', async () => {
    const options = serviceOf('widgets_demo', [CreateWidgets1700000000000], { widget: ['SELECT'] });
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
    const options = serviceOf('widgets_race', [CreateWidgetsInRace1700000000000], { widget: ['SELECT'] });
    const instances = await Promise.all([openServiceDatabase(options), openServiceDatabase(options), openServiceDatabase(options)]);
    const applied = await instances[0]!.query('SELECT name FROM widgets_race.schema_migrations');
    await Promise.all(instances.map((instance) => instance.destroy()));
    expect(applied).toEqual([{ name: 'CreateWidgetsInRace1700000000000' }]);
  });

  it('works as its own login role with only the listed grants, created by the migrate step', async () => {
    const options = serviceOf('widgets_roles', [CreateReadableWidgets1700000000001], { widget: ['SELECT'] });
    const dataSource = await openServiceDatabase(options);
    try {
      const role = new URL(options.url).username;
      expect(await dataSource.query('SELECT current_user AS role, session_user AS session')).toEqual([{ role, session: role }]);
      expect(await dataSource.query('SELECT id FROM widgets_roles.widget')).toEqual([{ id: 1 }]);
      await expect(dataSource.query('DELETE FROM widgets_roles.widget')).rejects.toMatchObject({ code: '42501' });
      await expect(dataSource.query('CREATE TABLE widgets_roles.other (id int)')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await dataSource.destroy();
    }
  });

  it('takes away a grant the list no longer names when it migrates again', async () => {
    const wide = serviceOf('widgets_narrowed', [], {});
    await migrateServiceDatabase(wide);
    const owner = new Client({ connectionString: database.url });
    await owner.connect();
    try {
      await owner.query('CREATE TABLE widgets_narrowed.note (id int)');
      await expect(migrateServiceDatabase(wide)).rejects.toMatchObject({ code: 'DATABASE.UNLISTED_TABLE', message: expect.stringContaining('note') });
      const role = new URL(wide.url).username;
      await owner.query(`GRANT DELETE ON widgets_narrowed.note TO "${role}"`);
      await migrateServiceDatabase({ ...wide, grants: { tables: { schema_migrations: ['SELECT'], note: ['SELECT'] } } });
      const { rows } = await owner.query<{ privilege_type: string }>(
        `SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = $1 AND table_schema = 'widgets_narrowed' AND table_name = 'note'`,
        [role],
      );
      expect(rows.map((row) => row.privilege_type)).toEqual(['SELECT']);
    } finally {
      await owner.end();
    }
  });

  it('refuses to run as a superuser, or with migrations pending and no owner to apply them', async () => {
    // The migration is never run here: only its name is compared with those applied.
    const options = serviceOf('widgets_refused', [CreateWidgets1700000000000], {});
    await expect(openServiceDatabase({ ...options, url: database.url, ownerUrl: undefined })).rejects.toMatchObject({ code: 'DATABASE.ROLE_TOO_POWERFUL' });
    await migrateServiceDatabase({ ...options, migrations: [] });
    await expect(openServiceDatabase({ ...options, ownerUrl: undefined })).rejects.toMatchObject({ code: 'DATABASE.MIGRATIONS_PENDING' });
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
      ...serviceOf('widgets_timeouts', [SlowMigration1700000000002], {}),
      poolSize: 1,
      timeouts: { statementMs: 200, lockMs: 300, idleInTransactionMs: 4_000, connectMs: 500 },
    });
    try {
      const settings = await dataSource.query(
        `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
                current_setting('idle_in_transaction_session_timeout') AS idle, current_setting('jit') AS jit`,
      );
      expect(settings).toEqual([{ statement: '200ms', lock: '300ms', idle: '4s', jit: 'off' }]);
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
    await expect(openServiceDatabase({ ...serviceOf('widgets_x', [], {}), schema: 'x; DROP' })).rejects.toThrow(/lowercase SQL identifier/);
  });
});
