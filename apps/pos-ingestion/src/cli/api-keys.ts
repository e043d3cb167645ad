// Issues and revokes POS credentials directly in the database, for operators without the admin
// API at hand (first setup, an incident). Uses the same schema and migrations as the service.
//
//   node -r ./tools/ts-register.cjs apps/pos-ingestion/src/cli/api-keys.ts issue --store S1 [--terminal T1] [--label "till 1"]
//   node -r ./tools/ts-register.cjs apps/pos-ingestion/src/cli/api-keys.ts revoke <keyId>
//   node -r ./tools/ts-register.cjs apps/pos-ingestion/src/cli/api-keys.ts list [--store S1]
//
// `issue` registers the store first when it is not registered yet. The API key is printed once.
import 'reflect-metadata';
import { ConfigurationError } from '@ledgerline/runtime';
import { storeIdSchema, terminalIdSchema, validateContract } from '@ledgerline/contracts';
import { CredentialStore } from '../persistence/credential-store';
import { openCliDatabase } from './cli-database';
import { parseCliArguments, type CliCommand } from './parse-cli-arguments';

async function run(command: CliCommand, print: (line: string) => void): Promise<void> {
  const { dataSource, schema } = await openCliDatabase();
  try {
    const credentials = new CredentialStore(dataSource, schema);
    switch (command.name) {
      case 'issue': {
        checkIdentifier('--store', storeIdSchema, command.storeId);
        if (command.terminalId !== null) checkIdentifier('--terminal', terminalIdSchema, command.terminalId);
        const { created } = await credentials.registerStore(command.storeId, null);
        if (created) print(`registered store ${command.storeId}`);
        const issued = await credentials.issueKey(command.storeId, command.terminalId, command.label);
        print(JSON.stringify(issued, null, 2));
        print('The apiKey is shown only now; the service keeps its hash.');
        return;
      }
      case 'revoke': {
        const { found } = await credentials.revokeKey(command.keyId);
        if (!found) throw new CliError(`no credential with keyId ${command.keyId}`);
        print(`revoked ${command.keyId}`);
        return;
      }
      case 'list':
        print(JSON.stringify(await credentials.listKeys(command.storeId ?? undefined), null, 2));
        return;
    }
  } finally {
    await dataSource.destroy();
  }
}

class CliError extends Error {}

function checkIdentifier(option: string, schema: typeof storeIdSchema, value: string): void {
  const result = validateContract(schema, value);
  if (!result.ok) throw new CliError(`${option} ${result.errors[0]?.message.replace(/^value /, '') ?? 'is invalid'}`);
}

const parsed = parseCliArguments(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`${parsed.message}\n`);
  process.exit(2);
}
run(parsed.command, (line) => process.stdout.write(`${line}\n`)).catch((error: unknown) => {
  const known = error instanceof CliError || error instanceof ConfigurationError;
  process.stderr.write(`${known ? (error as Error).message : String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
