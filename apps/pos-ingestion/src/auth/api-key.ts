// POS credentials: `pk_<keyId>_<secret>`. The key id is public (it names the credential in logs,
// in the admin API and in revocation); the secret is 256 random bits and only its SHA-256 is
// stored. A fast hash is enough for a secret of that entropy: there is nothing to brute-force.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^pk_(?<keyId>[0-9a-f]{16})_(?<secret>[A-Za-z0-9_-]{43})$/;
const BEARER_PATTERN = /^Bearer (?<token>[^\s]+)$/i;

export interface IssuedApiKey {
  keyId: string;
  /** The whole credential, shown to the operator once and never stored. */
  apiKey: string;
  secretHash: string;
}

export interface ParsedApiKey {
  keyId: string;
  secret: string;
}

export function generateApiKey(): IssuedApiKey {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, apiKey: `pk_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function parseApiKey(apiKey: string): ParsedApiKey | null {
  const { keyId, secret } = KEY_PATTERN.exec(apiKey)?.groups ?? {};
  return keyId !== undefined && secret !== undefined ? { keyId, secret } : null;
}

/** The token of an `Authorization: Bearer <token>` header, or null when absent or of another scheme. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  return BEARER_PATTERN.exec(header.trim())?.groups?.['token'] ?? null;
}

/** Compares the secret's hash with the stored one in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  return constantTimeEqual(hashSecret(secret), storedHash);
}

/**
 * Constant-time equality of two strings of any length: both sides are hashed first, so neither
 * the content nor the length of the expected value leaks through timing.
 */
export function constantTimeEqual(actual: string, expected: string): boolean {
  const a = createHash('sha256').update(actual, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
