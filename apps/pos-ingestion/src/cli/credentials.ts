// Issues, lists and revokes pos-ingestion's service credentials (admin, rejections:read) directly
// in its database; POS keys have their own command (api-keys.ts). See docs/security.md.
//
//   node -r ./tools/ts-register.cjs apps/pos-ingestion/src/cli/credentials.ts issue --scope rejections:read --label "ops dashboard"
//   node -r ./tools/ts-register.cjs apps/pos-ingestion/src/cli/credentials.ts revoke <keyId>
//   node -r ./tools/ts-register.cjs apps/pos-ingestion/src/cli/credentials.ts list
import 'reflect-metadata';
import { credentialsCommandLine } from '@ledgerline/auth';
import { POS_INGESTION_SCOPES } from '../pos-ingestion.module';
import { openCliDatabase } from './cli-database';

void credentialsCommandLine(process.argv.slice(2), openCliDatabase, POS_INGESTION_SCOPES, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  exit: (code) => process.exit(code),
});
