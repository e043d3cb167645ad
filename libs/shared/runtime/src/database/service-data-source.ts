// Each service owns one PostgreSQL schema, its tables and its migrations. Schemas are never
// synchronised from entities: migrations are the only way the schema changes.
import { DataSource, type MigrationInterface, type EntitySchema } from 'typeorm';
import type { DatabaseTimeouts } from '../config/load-config';

type EntityTarget = string | (new () => unknown) | EntitySchema<unknown>;
type MigrationClass = new () => MigrationInterface;

export interface ServiceDataSourceOptions {
  url: string;
  /** The schema this service owns, e.g. `inventory_ledger`. */
  schema: string;
  entities: EntityTarget[];
  migrations: MigrationClass[];
  poolSize?: number;
  applicationName?: string;
  /**
   * Role the service's connections act as after migrations ran (`SET ROLE` at connect time).
   * Migrations run as the connecting user, who owns the tables; the service itself then works
   * with only the grants its migrations gave this role, so "append-only" is enforced by
   * PostgreSQL's privileges and not only by the service's code.
   */
  sessionRole?: string;
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

export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  if (!SQL_IDENTIFIER.test(options.schema)) {
    throw new Error(`Schema name "${options.schema}" must be a lowercase SQL identifier`);
  }
  if (options.sessionRole !== undefined && !SQL_IDENTIFIER.test(options.sessionRole)) {
    throw new Error(`Role name "${options.sessionRole}" must be a lowercase SQL identifier`);
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
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      ...(options.sessionRole === undefined ? {} : { options: `-c role=${options.sessionRole}` }),
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
 * Creates the service schema if missing and applies pending migrations, as the connecting user.
 * Safe to run from several instances at once: TypeORM's migrations take no lock, so a
 * transaction-scoped advisory lock on the schema name serialises concurrent starts.
 */
export async function migrateServiceDatabase(options: ServiceDataSourceOptions): Promise<string[]> {
  // Two connections: one holds the lock while TypeORM runs the migrations on the other.
  const timeouts = options.timeouts && { ...options.timeouts, statementMs: 0, lockMs: 0 };
  const dataSource = createServiceDataSource({ ...options, poolSize: 2, sessionRole: undefined, timeouts });
  await dataSource.initialize();
  try {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${options.schema}`]);
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${options.schema}`]).catch(() => undefined);
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}

/** Migrates (see migrateServiceDatabase), then opens the service's pool, acting as `sessionRole` when given. */
export async function openServiceDatabase(options: ServiceDataSourceOptions): Promise<DataSource> {
  await migrateServiceDatabase(options);
  const dataSource = createServiceDataSource(options);
  await dataSource.initialize();
  return dataSource;
}
