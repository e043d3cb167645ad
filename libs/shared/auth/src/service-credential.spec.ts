import { hashSecret, secretMatches } from './secrets';
import { generateServiceCredential, parseServiceCredential } from './service-credential';

describe('service credentials', () => {
  it('issues sk_<keyId>_<secret> credentials whose secret only the hash is kept of', () => {
    const generated = generateServiceCredential();
    expect(generated.credential).toMatch(/^sk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseServiceCredential(generated.credential)!;
    expect(parsed.keyId).toBe(generated.keyId);
    expect(generated.secretHash).toBe(hashSecret(parsed.secret));
    expect(generated.secretHash).not.toContain(parsed.secret);
    expect(secretMatches(parsed.secret, generated.secretHash)).toBe(true);
    expect(secretMatches(parseServiceCredential(generateServiceCredential().credential)!.secret, generated.secretHash)).toBe(false);
  });

  it.each(['', 'sk_', 'pk_0123456789abcdef_' + 'a'.repeat(43), 'sk_0123456789abcdef_' + 'a'.repeat(42), 'sk_0123456789ABCDEF_' + 'a'.repeat(43)])('refuses the malformed credential %p', (token) => {
    expect(parseServiceCredential(token)).toBeNull();
  });
});
