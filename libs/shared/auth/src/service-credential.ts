// Service credentials: `sk_<keyId>_<secret>`, the bearer credentials of the services' query, write
// and admin APIs (POS tills use store-bound `pk_` keys instead). The key id is public; of the
// secret only the hash is kept (see secrets.ts).
import { hashSecret, randomKeyId, randomSecret } from './secrets';

const CREDENTIAL_PATTERN = /^sk_(?<keyId>[0-9a-f]{16})_(?<secret>[A-Za-z0-9_-]{43})$/;

export interface GeneratedCredential {
  keyId: string;
  /** The whole credential, shown once and never stored. */
  credential: string;
  secretHash: string;
}

export function generateServiceCredential(): GeneratedCredential {
  const keyId = randomKeyId();
  const secret = randomSecret();
  return { keyId, credential: `sk_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseServiceCredential(token: string): { keyId: string; secret: string } | null {
  const { keyId, secret } = CREDENTIAL_PATTERN.exec(token)?.groups ?? {};
  return keyId !== undefined && secret !== undefined ? { keyId, secret } : null;
}
