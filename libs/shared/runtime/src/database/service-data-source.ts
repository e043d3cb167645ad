// Each service owns one PostgreSQL schema, its tables and its migrations. Schemas are never
// synchronised from entities: migrations are the only way the schema changes.
import { DataSource, type MigrationInterface, type EntitySchema } from 'typeorm';

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
}

export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
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
    applicationName: options.applicationName,
    extra: { max: options.poolSize ?? 10 },
  });
}

/** Connects, creates the service schema if missing and applies pending migrations. */
export async function openServiceDatabase(options: ServiceDataSourceOptions): Promise<DataSource> {
  const dataSource = createServiceDataSource(options);
  await dataSource.initialize();
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
