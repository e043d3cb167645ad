// `npx nx run inventory-ledger:migrate`: applies the schema's pending migrations and exits.
import 'reflect-metadata';
import { DATABASE_TIMEOUT_SETTINGS, loadConfig, runMigrateCommand } from '@ledgerline/runtime';
import { ledgerConfigSchema } from './config/ledger.config';
import { ledgerDatabaseOptions } from './inventory-ledger.module';

const databaseSettings = ledgerConfigSchema.pick({ DATABASE_URL: true, DATABASE_SCHEMA: true, DATABASE_POOL_SIZE: true, DATABASE_OWNER_URL: true, ...DATABASE_TIMEOUT_SETTINGS });
runMigrateCommand('inventory-ledger', () => ledgerDatabaseOptions(loadConfig(databaseSettings)));
