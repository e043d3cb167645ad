// Issues, lists and revokes the ledger's service credentials (stock:read, valuation:read, admin)
// directly in its database, for the first setup and for incidents. See docs/security.md.
//
//   node -r ./tools/ts-register.cjs apps/inventory-ledger/src/cli/credentials.ts issue --scope stock:read --label "ops dashboard"
//   node -r ./tools/ts-register.cjs apps/inventory-ledger/src/cli/credentials.ts revoke <keyId>
//   node -r ./tools/ts-register.cjs apps/inventory-ledger/src/cli/credentials.ts list
import 'reflect-metadata';
import { credentialsCommandLine } from '@ledgerline/auth';
import { DATABASE_TIMEOUT_SETTINGS, loadConfig, openServiceDatabase } from '@ledgerline/runtime';
import { ledgerConfigSchema } from '../config/ledger.config';
import { LEDGER_SCOPES, ledgerDatabaseOptions } from '../inventory-ledger.module';

const databaseSettings = ledgerConfigSchema.pick({ DATABASE_URL: true, DATABASE_SCHEMA: true, DATABASE_POOL_SIZE: true, DATABASE_OWNER_URL: true, ...DATABASE_TIMEOUT_SETTINGS });

void credentialsCommandLine(
  process.argv.slice(2),
  async () => {
    const config = loadConfig(databaseSettings);
    return { dataSource: await openServiceDatabase({ ...ledgerDatabaseOptions(config), poolSize: 1, applicationName: 'inventory-ledger-cli' }), schema: config.DATABASE_SCHEMA };
  },
  LEDGER_SCOPES,
  { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`), exit: (code) => process.exit(code) },
);
