// Issues, lists and revokes the ops dashboard's service credentials (dashboard:view,
// alerts:acknowledge, dead-letters:act, admin) directly in its database: viewers see the pages
// with one, operators act on them. See docs/security.md.
//
//   node -r ./tools/ts-register.cjs apps/ops-dashboard/src/cli/credentials.ts issue --scope dashboard:view --label "Bo, store support"
//   node -r ./tools/ts-register.cjs apps/ops-dashboard/src/cli/credentials.ts issue --scope dashboard:view --scope alerts:acknowledge --scope dead-letters:act --label "Ana, operations"
//   node -r ./tools/ts-register.cjs apps/ops-dashboard/src/cli/credentials.ts revoke <keyId>
//   node -r ./tools/ts-register.cjs apps/ops-dashboard/src/cli/credentials.ts list
import 'reflect-metadata';
import { credentialsCommandLine } from '@ledgerline/auth';
import { DATABASE_TIMEOUT_SETTINGS, loadConfig, openServiceDatabase } from '@ledgerline/runtime';
import { dashboardConfigSchema } from '../config/dashboard.config';
import { DASHBOARD_SCOPES, dashboardDatabaseOptions } from '../ops-dashboard.module';

const databaseSettings = dashboardConfigSchema.pick({ DATABASE_URL: true, DATABASE_OWNER_URL: true, DATABASE_SCHEMA: true, DATABASE_POOL_SIZE: true, ...DATABASE_TIMEOUT_SETTINGS });

void credentialsCommandLine(
  process.argv.slice(2),
  async () => {
    const config = loadConfig(databaseSettings);
    return { dataSource: await openServiceDatabase({ ...dashboardDatabaseOptions(config), poolSize: 1, applicationName: 'ops-dashboard-cli' }), schema: config.DATABASE_SCHEMA };
  },
  DASHBOARD_SCOPES,
  { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`), exit: (code) => process.exit(code) },
);
