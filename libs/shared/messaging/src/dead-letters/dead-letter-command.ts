// The dead-letters command of a service (`npx nx run <service>:dead-letters --args="..."`): the
// same operations as the admin endpoints, straight on the service's database and broker, for an
// operator without the HTTP API at hand. The grammar is parsed apart from any I/O.
import { readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type { DeadLetterDesk } from './dead-letter-desk';
import { checkRequest, deadLetterListSchema, deadLetterReasonsSchema, discardSchema, replayOneSchema, replayReasonSchema } from './dead-letter-requests';

export const DEAD_LETTER_USAGE = [
  'usage: dead-letters reasons [--status open|replayed|discarded]',
  '       dead-letters list [--code <reasonCode>] [--status open|replayed|discarded] [--after <next>] [--limit <n>]',
  '       dead-letters show <eventId>',
  '       dead-letters replay <eventId> [--value-file <path>] [--note <text>] [--by <name>] [--force]',
  '       dead-letters replay --code <reasonCode> [--note <text>] [--by <name>]',
  '       dead-letters discard <eventId> --reason <text> [--by <name>]',
  '--by defaults to <user>@<host>; --value-file sends a corrected value (its whole content) instead of the original.',
].join('\n');

export type DeadLetterCommand =
  | { name: 'reasons'; status: 'open' | 'replayed' | 'discarded' }
  | { name: 'list'; query: ReturnType<typeof deadLetterListSchema.parse> }
  | { name: 'show'; eventId: string }
  | { name: 'replay'; eventId: string; by: string; note?: string; valueFile?: string; force: boolean }
  | { name: 'replay-reason'; reasonCode: string; by: string; note?: string }
  | { name: 'discard'; eventId: string; by: string; reason: string };

export type ParsedDeadLetterCommand = { ok: true; command: DeadLetterCommand } | { ok: false; message: string };

const OPTIONS_WITH_VALUE = new Set(['--status', '--code', '--after', '--limit', '--value-file', '--note', '--by', '--reason']);
const FLAGS = new Set(['--force']);

export function parseDeadLetterCommand(argv: readonly string[], defaultActor = `${userInfo().username}@${hostname()}`): ParsedDeadLetterCommand {
  const [name, ...rest] = argv;
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let index = 0; index < rest.length; index++) {
    const argument = rest[index] ?? '';
    if (FLAGS.has(argument)) flags.add(argument);
    else if (OPTIONS_WITH_VALUE.has(argument)) {
      const value = rest[index + 1];
      if (value === undefined || value.startsWith('--')) return fail(`${argument} needs a value`);
      options.set(argument, value);
      index++;
    } else if (argument.startsWith('--')) return fail(`unknown option ${argument}`);
    else positional.push(argument);
  }
  const by = options.get('--by') ?? defaultActor;
  const note = options.get('--note');
  const allowed = (...names: string[]) => [...options.keys(), ...flags].find((option) => !names.includes(option));
  const oneEventId = () => (positional.length === 1 ? positional[0] : undefined);

  switch (name) {
    case 'reasons': {
      const extra = allowed('--status') ?? positional[0];
      if (extra !== undefined) return fail(`unexpected ${extra}`);
      const checked = checkRequest(deadLetterReasonsSchema, { status: options.get('--status') });
      return checked.ok ? { ok: true, command: { name, status: checked.value.status } } : fail(`--${checked.errors[0]?.path ?? ''} ${checked.message}`);
    }
    case 'list': {
      const extra = allowed('--code', '--status', '--after', '--limit') ?? positional[0];
      if (extra !== undefined) return fail(`unexpected ${extra}`);
      const checked = checkRequest(deadLetterListSchema, { status: options.get('--status'), reasonCode: options.get('--code'), after: options.get('--after'), limit: options.get('--limit') });
      return checked.ok ? { ok: true, command: { name, query: checked.value } } : fail(`${checked.errors[0]?.path ?? ''} ${checked.message}`);
    }
    case 'show': {
      const eventId = oneEventId();
      if (eventId === undefined || options.size + flags.size > 0) return fail('show needs exactly one event id');
      return { ok: true, command: { name, eventId } };
    }
    case 'replay': {
      const reasonCode = options.get('--code');
      if (reasonCode !== undefined) {
        const extra = allowed('--code', '--note', '--by') ?? positional[0];
        if (extra !== undefined) return fail(`replay --code takes no ${extra}`);
        const checked = checkRequest(replayReasonSchema, { reasonCode, by, note });
        return checked.ok ? { ok: true, command: { name: 'replay-reason', ...checked.value } } : fail(`${checked.errors[0]?.path ?? ''} ${checked.message}`);
      }
      const eventId = oneEventId();
      if (eventId === undefined) return fail('replay needs one event id, or --code <reasonCode>');
      const extra = allowed('--value-file', '--note', '--by', '--force');
      if (extra !== undefined) return fail(`replay takes no ${extra}`);
      const checked = checkRequest(replayOneSchema, { by, note });
      if (!checked.ok) return fail(`${checked.errors[0]?.path ?? ''} ${checked.message}`);
      return { ok: true, command: { name, eventId, ...checked.value, valueFile: options.get('--value-file'), force: flags.has('--force') } };
    }
    case 'discard': {
      const eventId = oneEventId();
      if (eventId === undefined) return fail('discard needs one event id');
      const extra = allowed('--reason', '--by');
      if (extra !== undefined) return fail(`discard takes no ${extra}`);
      const checked = checkRequest(discardSchema, { by, reason: options.get('--reason') });
      if (!checked.ok) return fail(checked.errors[0]?.path === 'reason' ? 'discard needs --reason <why>' : `${checked.errors[0]?.path ?? ''} ${checked.message}`);
      return { ok: true, command: { name, eventId, ...checked.value } };
    }
    default:
      return fail(name === undefined ? 'no command given' : `unknown command ${name}`);
  }
}

/** Runs one command against the desk and prints its answer as JSON. */
export async function runDeadLetterCommand(command: DeadLetterCommand, desk: DeadLetterDesk, print: (text: string) => void): Promise<void> {
  const show = (value: unknown) => print(JSON.stringify(value, null, 2));
  switch (command.name) {
    case 'reasons':
      return show(await desk.countsByReason(command.status));
    case 'list':
      return show(await desk.list(command.query));
    case 'show':
      return show(await desk.show(command.eventId));
    case 'replay': {
      const value = command.valueFile === undefined ? undefined : readFileSync(command.valueFile, 'utf8');
      return show(await desk.replay(command.eventId, { by: command.by, note: command.note, value, force: command.force }));
    }
    case 'replay-reason':
      return show(await desk.replayReason(command.reasonCode, { by: command.by, note: command.note }));
    case 'discard':
      await desk.discard(command.eventId, command.by, command.reason);
      return show(await desk.show(command.eventId));
  }
}

function fail(problem: string): ParsedDeadLetterCommand {
  return { ok: false, message: `${problem}\n${DEAD_LETTER_USAGE}` };
}
