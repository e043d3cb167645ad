// Idempotency key material: the same transactionId with the same fingerprint is a duplicate (a
// retry, an offline replay); with a different fingerprint it is a conflict. The fingerprint is a
// SHA-256 over canonical JSON (keys sorted at every level), so key order and whitespace in what
// the till sent do not matter, while any change of content does.
import { createHash } from 'node:crypto';
import type { PosTransactionV1 } from '@ledgerline/contracts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with object keys sorted; `undefined` fields are left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value as Json));
}

/** Object.fromEntries defines own properties, so an attribute named "__proto__" stays data. */
function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => [key, sortKeys(value[key] as Json)]),
  );
}

/** A void's `lines` may be absent or empty; both mean the same and fingerprint the same. */
function canonicalTransaction(transaction: PosTransactionV1): PosTransactionV1 {
  if (transaction.type !== 'void' || transaction.lines === undefined || transaction.lines.length > 0) return transaction;
  const { lines: _empty, ...withoutLines } = transaction;
  return withoutLines;
}

export function transactionFingerprint(transaction: PosTransactionV1): string {
  return createHash('sha256').update(canonicalJson(canonicalTransaction(transaction)), 'utf8').digest('hex');
}
