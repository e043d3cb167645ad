// The `credentials` command every service ships (apps/<service>/src/cli/credentials.ts): issues,
// lists and revokes the service's credentials directly in its database, for the first setup and
// for incidents, as pos-ingestion's `api-keys` command does for POS keys. The credential is
// printed once; only its hash is stored.
//
//   credentials issue --scope stock:read [--scope valuation:read] [--label "ops dashboard"]
//   credentials revoke <keyId>
//   credentials list
import type { DataSource } from 'typeorm';
import { ConfigurationError } from '@ledgerline/runtime';
import type { Scope } from './scopes';
import { ServiceCredentialStore, UnknownScopeError } from './service-credential-store';

export type CredentialsCommand =
  | { name: 'issue'; scopes: string[]; label: string | null }
  | { name: 'revoke'; keyId: string }
  | { name: 'list' };

export const CREDENTIALS_USAGE = 'usage: credentials issue --scope <scope> [--scope <scope>...] [--label <text>] | revoke <keyId> | list';

export function parseCredentialsCommand(argv: readonly string[]): { ok: true; command: CredentialsCommand } | { ok: false; message: string } {
  const [name, ...rest] = argv;
  if (name === 'list' && rest.length === 0) return { ok: true, command: { name: 'list' } };
  if (name === 'revoke' && rest.length === 1 && rest[0] !== undefined && !rest[0].startsWith('--')) return { ok: true, command: { name: 'revoke', keyId: rest[0] } };
  if (name !== 'issue') return { ok: false, message: CREDENTIALS_USAGE };
  const scopes: string[] = [];
  let label: string | null = null;
  for (let index = 0; index < rest.length; index += 2) {
    const [option, value] = [rest[index], rest[index + 1]];
    if (value === undefined || value.startsWith('--')) return { ok: false, message: `${option} needs a value; ${CREDENTIALS_USAGE}` };
    if (option === '--scope') scopes.push(value);
    else if (option === '--label') label = value;
    else return { ok: false, message: `unknown option ${option}; ${CREDENTIALS_USAGE}` };
  }
  if (scopes.length === 0) return { ok: false, message: `issue needs at least one --scope; ${CREDENTIALS_USAGE}` };
  return { ok: true, command: { name: 'issue', scopes, label } };
}

export class CredentialsCommandError extends Error {}

export async function runCredentialsCommand(
  command: CredentialsCommand,
  database: { dataSource: DataSource; schema: string; scopes: readonly Scope[] },
  print: (line: string) => void,
): Promise<void> {
  const store = new ServiceCredentialStore(database.dataSource, database.schema, database.scopes);
  switch (command.name) {
    case 'issue': {
      try {
        print(JSON.stringify(await store.issue(command.scopes, command.label), null, 2));
      } catch (error) {
        if (error instanceof UnknownScopeError) throw new CredentialsCommandError(error.message);
        throw error;
      }
      print('The credential is shown only now; the service keeps its hash.');
      return;
    }
    case 'revoke': {
      const { found } = await store.revoke(command.keyId);
      if (!found) throw new CredentialsCommandError(`no credential with keyId ${command.keyId}`);
      print(`revoked ${command.keyId}`);
      return;
    }
    case 'list':
      print(JSON.stringify(await store.list(), null, 2));
      return;
  }
}

/**
 * The whole command line of a service's `credentials` command: parse, open the service's database
 * (migrated, so the table exists), run, close, and exit 2 on usage errors, 1 on failures.
 */
export async function credentialsCommandLine(
  argv: readonly string[],
  openDatabase: () => Promise<{ dataSource: DataSource; schema: string }>,
  scopes: readonly Scope[],
  io: { out: (line: string) => void; err: (line: string) => void; exit: (code: number) => void },
): Promise<void> {
  const parsed = parseCredentialsCommand(argv);
  if (!parsed.ok) {
    io.err(parsed.message);
    io.exit(2);
    return;
  }
  try {
    const { dataSource, schema } = await openDatabase();
    try {
      await runCredentialsCommand(parsed.command, { dataSource, schema, scopes }, io.out);
    } finally {
      await dataSource.destroy();
    }
  } catch (error) {
    io.err(error instanceof CredentialsCommandError || error instanceof ConfigurationError ? error.message : String(error instanceof Error ? error.stack : error));
    io.exit(1);
  }
}
