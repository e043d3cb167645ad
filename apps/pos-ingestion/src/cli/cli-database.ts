// The database of pos-ingestion's operator commands: only DATABASE_URL, DATABASE_OWNER_URL and
// DATABASE_SCHEMA are read; with the owner's URL the schema is migrated first, so a command works
// on a fresh database too. The command itself works as the service's login role.
import type { DataSource } from 'typeorm';
import { loadConfig, openServiceDatabase } from '@ledgerline/runtime';
import { posIngestionConfigSchema } from '../config/pos-ingestion.config';
import { POS_INGESTION_MIGRATIONS } from '../persistence/migrations';
import { POS_INGESTION_GRANTS } from '../persistence/pos-ingestion-grants';

const databaseConfigSchema = posIngestionConfigSchema.pick({ DATABASE_URL: true, DATABASE_OWNER_URL: true, DATABASE_SCHEMA: true });

export async function openCliDatabase(): Promise<{ dataSource: DataSource; schema: string }> {
  const config = loadConfig(databaseConfigSchema);
  const dataSource = await openServiceDatabase({
    url: config.DATABASE_URL,
    ownerUrl: config.DATABASE_OWNER_URL,
    grants: POS_INGESTION_GRANTS,
    schema: config.DATABASE_SCHEMA,
    entities: [],
    migrations: POS_INGESTION_MIGRATIONS,
    poolSize: 1,
    applicationName: 'pos-ingestion-cli',
  });
  return { dataSource, schema: config.DATABASE_SCHEMA };
}
