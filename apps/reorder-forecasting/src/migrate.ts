// `npx nx run reorder-forecasting:migrate`: applies the schema's pending migrations and exits.
import 'reflect-metadata';
import { DATABASE_TIMEOUT_SETTINGS, loadConfig, runMigrateCommand } from '@ledgerline/runtime';
import { forecastingConfigSchema } from './config/forecasting.config';
import { forecastingDatabaseOptions } from './reorder-forecasting.module';

const databaseSettings = forecastingConfigSchema.pick({ DATABASE_URL: true, DATABASE_OWNER_URL: true, DATABASE_SCHEMA: true, DATABASE_POOL_SIZE: true, ...DATABASE_TIMEOUT_SETTINGS });
runMigrateCommand('reorder-forecasting', () => forecastingDatabaseOptions(loadConfig(databaseSettings)));
