// `npx nx run ops-dashboard:migrate`: applies the schema's pending migrations and exits.
import 'reflect-metadata';
import { DATABASE_TIMEOUT_SETTINGS, loadConfig, runMigrateCommand } from '@ledgerline/runtime';
import { dashboardConfigSchema } from './config/dashboard.config';
import { dashboardDatabaseOptions } from './ops-dashboard.module';

const databaseSettings = dashboardConfigSchema.pick({ DATABASE_URL: true, DATABASE_OWNER_URL: true, DATABASE_SCHEMA: true, DATABASE_POOL_SIZE: true, ...DATABASE_TIMEOUT_SETTINGS });
runMigrateCommand('ops-dashboard', () => dashboardDatabaseOptions(loadConfig(databaseSettings)));
