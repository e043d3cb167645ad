// Issues, lists and revokes reorder-forecasting's service credentials (forecast:read,
// policy:write, forecast:refit, admin) directly in its database. See docs/security.md.
//
//   node -r ./tools/ts-register.cjs apps/reorder-forecasting/src/cli/credentials.ts issue --scope forecast:read --label "ops dashboard"
//   node -r ./tools/ts-register.cjs apps/reorder-forecasting/src/cli/credentials.ts revoke <keyId>
//   node -r ./tools/ts-register.cjs apps/reorder-forecasting/src/cli/credentials.ts list
import 'reflect-metadata';
import { credentialsCommandLine } from '@ledgerline/auth';
import { DATABASE_TIMEOUT_SETTINGS, loadConfig, openServiceDatabase } from '@ledgerline/runtime';
import { forecastingConfigSchema } from '../config/forecasting.config';
import { FORECASTING_SCOPES, forecastingDatabaseOptions } from '../reorder-forecasting.module';

const databaseSettings = forecastingConfigSchema.pick({ DATABASE_URL: true, DATABASE_OWNER_URL: true, DATABASE_SCHEMA: true, DATABASE_POOL_SIZE: true, ...DATABASE_TIMEOUT_SETTINGS });

void credentialsCommandLine(
  process.argv.slice(2),
  async () => {
    const config = loadConfig(databaseSettings);
    return { dataSource: await openServiceDatabase({ ...forecastingDatabaseOptions(config), poolSize: 1, applicationName: 'reorder-forecasting-cli' }), schema: config.DATABASE_SCHEMA };
  },
  FORECASTING_SCOPES,
  { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`), exit: (code) => process.exit(code) },
);
