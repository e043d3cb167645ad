import { parseCredentialsCommand } from './credentials-command';

describe('parseCredentialsCommand', () => {
  it('reads issue with its scopes and label, revoke and list', () => {
    expect(parseCredentialsCommand(['issue', '--scope', 'stock:read', '--scope', 'valuation:read', '--label', 'ops dashboard'])).toEqual({
      ok: true,
      command: { name: 'issue', scopes: ['stock:read', 'valuation:read'], label: 'ops dashboard' },
    });
    expect(parseCredentialsCommand(['revoke', '0123456789abcdef'])).toEqual({ ok: true, command: { name: 'revoke', keyId: '0123456789abcdef' } });
    expect(parseCredentialsCommand(['list'])).toEqual({ ok: true, command: { name: 'list' } });
  });

  it.each([[[]], [['issue']], [['issue', '--scope']], [['issue', '--scope', 'admin', '--owner', 'x']], [['revoke']], [['list', 'extra']]])('refuses %p with the usage', (argv) => {
    const parsed = parseCredentialsCommand(argv);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain('usage: credentials');
  });
});
