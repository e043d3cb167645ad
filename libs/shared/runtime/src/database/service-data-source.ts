// Each service owns one PostgreSQL schema, its tables and its migrations. Schemas are never
// synchronised from entities: migrations are the only way the schema changes. Two roles: the
// schema's owner runs the migrations (DATABASE_OWNER_URL), and the running service connects as
// its own login role (DATABASE_URL), holding only what its grant list gives (service-grants.ts).
import { DataSource, type MigrationInterface, type EntitySchema } from 'typeorm';
import type { DatabaseTimeouts } from '../config/load-config';
import { applyServiceGrants, assertLeastPrivilegeConnection, DatabaseSetupError, type ServiceGrants } from './service-grants';
import { StatementErrorLogger } from './statement-error-logger';

type EntityTarget = string | (new () => unknown) | EntitySchema<unknown>;
type MigrationClass = new () => MigrationInterface;

export interface ServiceDataSourceOptions {
  /** The running service's connection: its user is the service's own login role. */
  url: string;
  /** The schema owner's connection, for migrations; without it the service only checks that none is pending. */
  ownerUrl?: string;
  /** What the login role of `url` may do in the schema, applied after every migration run. */
  grants: ServiceGrants;
  /** The schema this service owns, e.g. `inventory_ledger`. */
  schema: string;
  entities: EntityTarget[];
  migrations: MigrationClass[];
  poolSize?: number;
  applicationName?: string;
  /**
   * Bounds on every statement, lock wait, idle transaction and connection of the service's pool,
   * so that nothing waits forever on a database that stalled: a stuck wait becomes an error the
   * service retries and reports. Migrations run without the statement and lock bounds (a
   * migration may rewrite a large table) but with the connect bound.
   */
  timeouts?: DatabaseTimeouts;
}

/**
 * The client also gives up on its own a little after the server's statement_timeout: a server
 * that stopped answering altogether (a frozen host, a lost network) would never cancel anything.
 */
const CLIENT_QUERY_TIMEOUT_MARGIN_MS = 5_000;

const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** For the owner's own connections (operator commands, tests): the grants are optional there. */
export type OwnerDataSourceOptions = Omit<ServiceDataSourceOptions, 'grants'> & { grants?: ServiceGrants };

export function createServiceDataSource(options: OwnerDataSourceOptions): DataSource {
  if (!SQL_IDENTIFIER.test(options.schema)) {
    throw new Error(`Schema name "${options.schema}" must be a lowercase SQL identifier`);
  }
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    logger: new StatementErrorLogger(),
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      // The services run short statements whose plans PostgreSQL may estimate dear (a batch's
      // thousands of keys, a subquery per row): past jit_above_cost it compiles each one, which
      // takes longer than running it. Off for every connection of these pools.
      options: '-c jit=off',
      ...poolTimeouts(options.timeouts),
    },
  });
}

/** pg's pool and connection settings for the bounds; a bound of 0 is left unset (no bound). */
function poolTimeouts(timeouts: DatabaseTimeouts | undefined): Record<string, number> {
  if (timeouts === undefined) return {};
  const settings: Record<string, number> = {
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.lockMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    query_timeout: timeouts.statementMs === 0 ? 0 : timeouts.statementMs + CLIENT_QUERY_TIMEOUT_MARGIN_MS,
    connectionTimeoutMillis: timeouts.connectMs,
  };
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value > 0));
}

/**
 * As the schema owner (`ownerUrl`): creates the service schema if missing, applies pending
 * migrations, then creates the service's login role if missing and sets its grants to the list.
 * Safe to run from several instances at once: TypeORM's migrations take no lock, so a session
 * advisory lock on the schema name serialises concurrent runs.
 */
export async function migrateServiceDatabase(options: OwnerDataSourceOptions): Promise<string[]> {
  const dataSource = await openOwnerConnection(options, 2);
  try {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${options.schema}`]);
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      // One transaction: the revoke-then-grant is seen by the running instances (and the other
      // instances starting now) as one change, never as a moment with no privileges at all.
      if (options.grants !== undefined) {
        await runner.startTransaction();
        try {
          await applyServiceGrants(runner, options.schema, options.grants, options.url);
          await runner.commitTransaction();
        } catch (error) {
          await runner.rollbackTransaction();
          throw error;
        }
      }
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${options.schema}`]).catch(() => undefined);
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Migrates when `ownerUrl` is given, then opens the service's pool as its login role, refusing
 * one that could change history (superuser, CREATEROLE, member of the owner) or a schema with
 * migrations still pending.
 */
export async function openServiceDatabase(options: ServiceDataSourceOptions): Promise<DataSource> {
  if (options.ownerUrl !== undefined) await migrateServiceDatabase(options);
  const dataSource = createServiceDataSource(options);
  await dataSource.initialize();
  try {
    await assertLeastPrivilegeConnection((sql, parameters) => dataSource.query(sql, parameters), options.schema);
    const schemaThere: unknown[] = await dataSource.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [options.schema]);
    if (schemaThere.length === 0 || (await dataSource.showMigrations())) {
      throw new DatabaseSetupError('DATABASE.MIGRATIONS_PENDING', `schema ${options.schema} has migrations pending: run the service's migrate command with DATABASE_OWNER_URL, or start it with DATABASE_OWNER_URL set`);
    }
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/**
 * Migrates, then opens a pool as the schema owner, for the operator commands that need ownership
 * (detaching a movement partition) and for tests of what the owner sees. Never for the running service.
 */
export async function openOwnerDatabase(options: OwnerDataSourceOptions): Promise<DataSource> {
  await migrateServiceDatabase(options);
  return openOwnerConnection(options, options.poolSize ?? 2, options.timeouts);
}

async function openOwnerConnection(options: OwnerDataSourceOptions, poolSize: number, timeouts?: DatabaseTimeouts): Promise<DataSource> {
  if (options.ownerUrl === undefined) {
    throw new DatabaseSetupError('DATABASE.OWNER_URL_MISSING', `migrating schema ${options.schema} needs DATABASE_OWNER_URL, the connection of the schema's owner`);
  }
  // Migrations keep only the connect bound: a migration may rewrite a large table.
  const bounds = timeouts ?? (options.timeouts && { ...options.timeouts, statementMs: 0, lockMs: 0 });
  const dataSource = createServiceDataSource({ ...options, url: options.ownerUrl, poolSize, timeouts: bounds });
  await dataSource.initialize();
  return dataSource;
}
