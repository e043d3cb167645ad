// POS credentials: `pk_<keyId>_<secret>`, bound to a store (optionally one terminal). The key id is
// public (it names the credential in logs, in the admin API and in revocation); the secret is 256
// random bits and only its SHA-256 is stored, as for every credential (@ledgerline/auth).
import { hashSecret, randomKeyId, randomSecret } from '@ledgerline/auth';

const KEY_PATTERN = /^pk_(?<keyId>[0-9a-f]{16})_(?<secret>[A-Za-z0-9_-]{43})$/;

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
  const keyId = randomKeyId();
  const secret = randomSecret();
  return { keyId, apiKey: `pk_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(apiKey: string): ParsedApiKey | null {
  const { keyId, secret } = KEY_PATTERN.exec(apiKey)?.groups ?? {};
  return keyId !== undefined && secret !== undefined ? { keyId, secret } : null;
}
