// Command-line grammar of the api-keys tool, apart from any I/O so it can be tested directly.

export type CliCommand =
  | { name: 'issue'; storeId: string; terminalId: string | null; label: string | null }
  | { name: 'revoke'; keyId: string }
  | { name: 'list'; storeId: string | null };

export type ParsedCli = { ok: true; command: CliCommand } | { ok: false; message: string };

export const USAGE = [
  'usage: api-keys issue --store <storeId> [--terminal <terminalId>] [--label <text>]',
  '       api-keys revoke <keyId>',
  '       api-keys list [--store <storeId>]',
].join('\n');

export function parseCliArguments(argv: readonly string[]): ParsedCli {
  const [name, ...rest] = argv;
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let index = 0; index < rest.length; index++) {
    const argument = rest[index] ?? '';
    if (!argument.startsWith('--')) {
      positional.push(argument);
      continue;
    }
    const value = rest[index + 1];
    if (value === undefined || value.startsWith('--')) return fail(`${argument} needs a value`);
    options.set(argument, value);
    index++;
  }
  const unknown = [...options.keys()].find((option) => !['--store', '--terminal', '--label'].includes(option));
  if (unknown) return fail(`unknown option ${unknown}`);

  switch (name) {
    case 'issue': {
      const storeId = options.get('--store');
      if (!storeId) return fail('issue needs --store <storeId>');
      if (positional.length > 0) return fail(`unexpected argument ${positional[0]}`);
      return { ok: true, command: { name, storeId, terminalId: options.get('--terminal') ?? null, label: options.get('--label') ?? null } };
    }
    case 'revoke': {
      const [keyId] = positional;
      if (keyId === undefined || positional.length !== 1 || options.size > 0) return fail('revoke needs exactly one keyId');
      return { ok: true, command: { name, keyId } };
    }
    case 'list':
      if (positional.length > 0) return fail(`unexpected argument ${positional[0]}`);
      return { ok: true, command: { name, storeId: options.get('--store') ?? null } };
    default:
      return fail(name === undefined ? 'no command given' : `unknown command ${name}`);
  }
}

function fail(problem: string): ParsedCli {
  return { ok: false, message: `${problem}\n${USAGE}` };
}
