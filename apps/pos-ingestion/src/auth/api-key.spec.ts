import { bearerToken, constantTimeEqual, hashSecret, secretMatches } from '@ledgerline/auth';
import { generateApiKey, parseApiKey } from './api-key';

describe('API keys', () => {
  it('issues pk_<keyId>_<secret> keys whose secret only the hash is kept of', () => {
    const issued = generateApiKey();
    expect(issued.apiKey).toMatch(/^pk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(issued.apiKey);
    expect(parsed?.keyId).toBe(issued.keyId);
    expect(issued.secretHash).toBe(hashSecret(parsed!.secret));
    expect(issued.secretHash).not.toContain(parsed!.secret);
    expect(secretMatches(parsed!.secret, issued.secretHash)).toBe(true);
  });

  it('never issues the same key twice', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().apiKey));
    expect(keys.size).toBe(200);
  });

  it('parses secrets that contain the separator', () => {
    const secret = `ab_${'c'.repeat(40)}`;
    expect(parseApiKey(`pk_0123456789abcdef_${secret}`)).toEqual({ keyId: '0123456789abcdef', secret });
  });

  it.each(['', 'pk_', 'pk_0123456789abcdef', 'pk_0123456789ABCDEF_' + 'a'.repeat(43), 'sk_0123456789abcdef_' + 'a'.repeat(43), 'pk_0123456789abcdef_' + 'a'.repeat(42), ' pk_0123456789abcdef_' + 'a'.repeat(43)])(
    'refuses the malformed key %p',
    (candidate) => {
      expect(parseApiKey(candidate)).toBeNull();
    },
  );

  it('rejects a wrong secret for a known key id', () => {
    const issued = generateApiKey();
    const other = parseApiKey(generateApiKey().apiKey)!;
    expect(secretMatches(other.secret, issued.secretHash)).toBe(false);
  });

  it('reads the bearer token of an Authorization header, whatever the scheme case', () => {
    expect(bearerToken('Bearer pk_abc')).toBe('pk_abc');
    expect(bearerToken('bearer pk_abc')).toBe('pk_abc');
    expect(bearerToken('  Bearer pk_abc  ')).toBe('pk_abc');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken(['Bearer x'])).toBeNull();
  });

  it('compares strings of any length in constant time', () => {
    expect(constantTimeEqual('same-admin-key', 'same-admin-key')).toBe(true);
    expect(constantTimeEqual('same-admin-key', 'same-admin-kez')).toBe(false);
    expect(constantTimeEqual('short', 'a much longer expected key')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
