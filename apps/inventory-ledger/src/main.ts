// Starts the inventory-ledger service: validates configuration, migrates its schema, consumes
// movements, relays its outbox and serves the query API.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigurationError, JsonLogger, listeningUrl } from '@ledgerline/runtime';
import { loadLedgerConfig } from './config/ledger.config';
import { createInventoryLedgerApp } from './create-inventory-ledger-app';

async function main(): Promise<void> {
  const logger = new JsonLogger('Main');
  const config = loadLedgerConfig();
  const app = await createInventoryLedgerApp(config);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const dataSource = app.get(DataSource);
  process.once('beforeExit', () => void dataSource.destroy());
  logger.info('inventory-ledger started', { url: listeningUrl(app), docs: `${listeningUrl(app)}/docs` });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    new JsonLogger('Main').error('inventory-ledger failed to start', { error });
  }
  process.exit(1);
});
