// `npx nx run pos-ingestion:migrate`: applies the schema's pending migrations and exits.
import 'reflect-metadata';
import { DATABASE_TIMEOUT_SETTINGS, loadConfig, runMigrateCommand } from '@ledgerline/runtime';
import { posIngestionConfigSchema } from './config/pos-ingestion.config';
import { posIngestionDatabaseOptions } from './pos-ingestion.module';

const databaseSettings = posIngestionConfigSchema.pick({ DATABASE_URL: true, DATABASE_OWNER_URL: true, DATABASE_SCHEMA: true, DATABASE_POOL_SIZE: true, ...DATABASE_TIMEOUT_SETTINGS });
runMigrateCommand('pos-ingestion', () => posIngestionDatabaseOptions(loadConfig(databaseSettings)));
