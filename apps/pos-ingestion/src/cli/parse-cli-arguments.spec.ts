import { parseCliArguments } from './parse-cli-arguments';

describe('parseCliArguments', () => {
  it('reads issue, revoke and list', () => {
    expect(parseCliArguments(['issue', '--store', 'S1', '--terminal', 'T1', '--label', 'till 1'])).toEqual({
      ok: true,
      command: { name: 'issue', storeId: 'S1', terminalId: 'T1', label: 'till 1' },
    });
    expect(parseCliArguments(['issue', '--store', 'S1'])).toEqual({ ok: true, command: { name: 'issue', storeId: 'S1', terminalId: null, label: null } });
    expect(parseCliArguments(['revoke', 'abc'])).toEqual({ ok: true, command: { name: 'revoke', keyId: 'abc' } });
    expect(parseCliArguments(['list'])).toEqual({ ok: true, command: { name: 'list', storeId: null } });
  });

  it.each([
    [[], /no command given/],
    [['rotate'], /unknown command rotate/],
    [['issue'], /issue needs --store/],
    [['issue', '--store'], /--store needs a value/],
    [['issue', '--store', 'S1', '--secret', 'x'], /unknown option --secret/],
    [['revoke'], /revoke needs exactly one keyId/],
    [['revoke', 'a', 'b'], /revoke needs exactly one keyId/],
  ])('refuses %j with usage', (argv, message) => {
    const result = parseCliArguments(argv);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
    expect(result.ok ? '' : result.message).toContain('usage: api-keys issue');
  });
});
