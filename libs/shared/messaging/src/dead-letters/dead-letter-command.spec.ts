import { parseDeadLetterCommand } from './dead-letter-command';

const parse = (...argv: string[]) => parseDeadLetterCommand(argv, 'me@host');

describe('parseDeadLetterCommand', () => {
  it('reads each command with its defaults', () => {
    expect(parse('reasons')).toEqual({ ok: true, command: { name: 'reasons', status: 'open' } });
    expect(parse('list', '--code', 'LEDGER.RESERVED_REASON_CODE', '--limit', '10')).toEqual({
      ok: true,
      command: { name: 'list', query: { status: 'open', reasonCode: 'LEDGER.RESERVED_REASON_CODE', limit: 10 } },
    });
    expect(parse('show', 'dead-letter:t:0:5')).toEqual({ ok: true, command: { name: 'show', eventId: 'dead-letter:t:0:5' } });
    expect(parse('replay', 'dead-letter:t:0:5', '--force', '--value-file', 'fixed.json')).toEqual({
      ok: true,
      command: { name: 'replay', eventId: 'dead-letter:t:0:5', by: 'me@host', valueFile: 'fixed.json', force: true },
    });
    expect(parse('replay', '--code', 'INTAKE.UNKNOWN_STORE', '--by', 'ana', '--note', 'store registered')).toEqual({
      ok: true,
      command: { name: 'replay-reason', reasonCode: 'INTAKE.UNKNOWN_STORE', by: 'ana', note: 'store registered' },
    });
    expect(parse('discard', 'dead-letter:t:0:5', '--reason', 'test data')).toEqual({ ok: true, command: { name: 'discard', eventId: 'dead-letter:t:0:5', by: 'me@host', reason: 'test data' } });
  });

  it('refuses what would act on the wrong letters or record nothing', () => {
    const message = (...argv: string[]) => {
      const parsed = parse(...argv);
      return parsed.ok ? 'accepted' : parsed.message.split('\n')[0];
    };
    expect(message('discard', 'dead-letter:t:0:5')).toBe('discard needs --reason <why>');
    expect(message('replay')).toBe('replay needs one event id, or --code <reasonCode>');
    expect(message('replay', '--code', 'INTAKE.UNKNOWN_STORE', '--force')).toBe('replay --code takes no --force');
    expect(message('replay', '--code', 'INTAKE.UNKNOWN_STORE', 'dead-letter:t:0:5')).toBe('replay --code takes no dead-letter:t:0:5');
    expect(message('replay', 'a', 'b')).toBe('replay needs one event id, or --code <reasonCode>');
    expect(message('list', '--status', 'gone')).toMatch(/^status /);
    expect(message('list', '--code', 'lower case')).toMatch(/^reasonCode /);
    expect(message('list', '--limit')).toBe('--limit needs a value');
    expect(message('show', 'x', '--force')).toBe('show needs exactly one event id');
    expect(message('purge')).toBe('unknown command purge');
    expect(message('list', '--everything')).toBe('unknown option --everything');
  });
});
