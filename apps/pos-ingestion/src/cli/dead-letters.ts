// `npx nx run pos-ingestion:dead-letters --args="<command>"`: the refused POS records of
// pos.transactions.dead-letter.v1, from the service's archive: count by reason, list, show,
// replay (once the store is registered or the record corrected) or discard. Usage: DEAD_LETTER_USAGE.
import 'reflect-metadata';
import { runDeadLetterCli } from '@ledgerline/messaging';
import { DATABASE_TIMEOUT_SETTINGS, loadConfig } from '@ledgerline/runtime';
import { posIngestionConfigSchema } from '../config/pos-ingestion.config';
import { posIngestionDatabaseOptions } from '../pos-ingestion.module';

const settings = posIngestionConfigSchema.pick({ DATABASE_URL: true, DATABASE_OWNER_URL: true, DATABASE_SCHEMA: true, DATABASE_POOL_SIZE: true, KAFKA_BROKERS: true, ...DATABASE_TIMEOUT_SETTINGS });

runDeadLetterCli('pos-ingestion', process.argv.slice(2), () => {
  const config = loadConfig(settings);
  return { database: posIngestionDatabaseOptions(config), brokers: config.KAFKA_BROKERS, clientId: 'pos-ingestion-dead-letters-cli' };
});
