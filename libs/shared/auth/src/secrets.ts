// Secrets handled the same way by every credential of the platform: 256 random bits, of which only
// the SHA-256 is stored, compared in constant time. A fast hash is enough for a secret of that
// entropy: there is nothing to brute-force, and a slow hash would cost every request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BEARER_PATTERN = /^Bearer (?<token>[^\s]+)$/i;

/** A public key id: 64 random bits as 16 hex digits. It names a credential in logs and revocations. */
export function randomKeyId(): string {
  return randomBytes(8).toString('hex');
}

/** A secret of 256 random bits, as 43 base64url characters. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
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

/** The token of an `Authorization: Bearer <token>` header, or null when absent or of another scheme. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  return BEARER_PATTERN.exec(header.trim())?.groups?.['token'] ?? null;
}
