// Applies the ledger's pending migrations and exits: for deployments that migrate before rolling
// out new instances. The service also migrates at start, so running this is optional.
import 'reflect-metadata';
import { ConfigurationError, migrateServiceDatabase } from '@ledgerline/runtime';
import { loadLedgerConfig } from './config/ledger.config';
import { ledgerDatabaseOptions } from './inventory-ledger.module';

async function migrate(): Promise<void> {
  const config = loadLedgerConfig();
  const applied = await migrateServiceDatabase(ledgerDatabaseOptions(config));
  process.stdout.write(
    applied.length === 0
      ? `inventory-ledger: schema ${config.DATABASE_SCHEMA} is up to date\n`
      : `inventory-ledger: applied ${applied.join(', ')} to schema ${config.DATABASE_SCHEMA}\n`,
  );
}

migrate().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigurationError ? error.message : String(error)}\n`);
  process.exit(1);
});
