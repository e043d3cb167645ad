// `npx nx run pos-ingestion:migrate`: applies the schema's pending migrations and exits.
import 'reflect-metadata';
import { loadConfig, runMigrateCommand } from '@ledgerline/runtime';
import { posIngestionConfigSchema } from './config/pos-ingestion.config';
import { posIngestionDatabaseOptions } from './pos-ingestion.module';

const databaseSettings = posIngestionConfigSchema.pick({ DATABASE_URL: true, DATABASE_SCHEMA: true, DATABASE_POOL_SIZE: true });
runMigrateCommand('pos-ingestion', () => posIngestionDatabaseOptions(loadConfig(databaseSettings)));
