// Idempotency key material: the same transactionId with the same fingerprint is a duplicate (a
// retry, an offline replay); with a different fingerprint it is a conflict. The fingerprint is a
// SHA-256 over canonical JSON (keys sorted at every level: contentFingerprint in the contracts), so key order and whitespace in what
// the till sent do not matter, while any change of content does.
import { contentFingerprint, type PosTransactionV1 } from '@ledgerline/contracts';

/** A void's `lines` may be absent or empty; both mean the same and fingerprint the same. */
function canonicalTransaction(transaction: PosTransactionV1): PosTransactionV1 {
  if (transaction.type !== 'void' || transaction.lines === undefined || transaction.lines.length > 0) return transaction;
  const { lines: _empty, ...withoutLines } = transaction;
  return withoutLines;
}

export function transactionFingerprint(transaction: PosTransactionV1): string {
  return contentFingerprint(canonicalTransaction(transaction));
}
