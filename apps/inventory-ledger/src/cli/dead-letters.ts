// `npx nx run inventory-ledger:dead-letters --args="<command>"`: the refused movements and catalog
// records of inventory.movements.dead-letter.v1, from the ledger's archive: count by reason, list,
// show, replay (unchanged, or a corrected value) or discard. Usage: DEAD_LETTER_USAGE.
import 'reflect-metadata';
import { runDeadLetterCli } from '@ledgerline/messaging';
import { DATABASE_TIMEOUT_SETTINGS, loadConfig } from '@ledgerline/runtime';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';

const settings = ledgerConfigSchema.pick({ DATABASE_URL: true, DATABASE_SCHEMA: true, DATABASE_POOL_SIZE: true, DATABASE_OWNER_URL: true, KAFKA_BROKERS: true, ...DATABASE_TIMEOUT_SETTINGS });

runDeadLetterCli('inventory-ledger', process.argv.slice(2), () => {
  const config = loadConfig(settings);
  return { database: ledgerDatabaseOptions(config), brokers: config.KAFKA_BROKERS, clientId: 'inventory-ledger-dead-letters-cli' };
});
