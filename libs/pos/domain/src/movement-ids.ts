// Movement ids of POS lines are derived, never random: the same till line always becomes the same
// movement, so a transaction published twice (a retry after a crash) is de-duplicated downstream,
// and a void's reversal id hangs off the line it reverses, so a line cannot be reversed twice.
//
// Store and transaction ids may themselves contain ':', so each is escaped before it is joined:
// '%' becomes %25 and ':' becomes %3A. Otherwise store S with transaction X:1 and store S:X with
// transaction 1 would both give pos:S:X:1:<line>. Ids without either character are left exactly
// as they were, so ledgers that already hold their movements see a replay as the same movements.
import { MAX_IDENTIFIER_LENGTH } from '@ledgerline/contracts';

export function posMovementId(storeId: string, transactionId: string, lineNumber: number): string {
  return `${posMovementIdPrefix(storeId, transactionId)}${lineNumber}`;
}

/**
 * The movement id of each line of one transaction: the store and transaction ids are escaped once
 * for all its lines rather than once per line.
 */
export function posLineMovementIds(storeId: string, transactionId: string): (lineNumber: number) => string {
  const prefix = posMovementIdPrefix(storeId, transactionId);
  return (lineNumber) => `${prefix}${lineNumber}`;
}

function posMovementIdPrefix(storeId: string, transactionId: string): string {
  return `pos:${escapeSegment(storeId)}:${escapeSegment(transactionId)}:`;
}

/** One id as a segment free of ':', reversibly: the escape character is escaped too. */
export function escapeSegment(id: string): string {
  // Nearly every id has neither character; looking for them is much cheaper than a replace that finds none.
  if (!id.includes(':') && !id.includes('%')) return id;
  return id.replace(/[%:]/g, (character) => (character === '%' ? '%25' : '%3A'));
}

const VOID_SUFFIX = ':void';

export function voidMovementId(voidedMovementId: string): string {
  return `${voidedMovementId}${VOID_SUFFIX}`;
}

/** Movement ids are identifiers of at most this many characters (the contract's limit). */
export const MAX_MOVEMENT_ID_LENGTH = MAX_IDENTIFIER_LENGTH;

/** Length of the longest id a transaction's lines can produce: the reversal of one of its lines. */
export function longestMovementIdLength(storeId: string, transactionId: string, lineNumbers: readonly number[]): number {
  if (lineNumbers.length === 0) return 0;
  let longestLineNumber = 0;
  for (const lineNumber of lineNumbers) longestLineNumber = Math.max(longestLineNumber, `${lineNumber}`.length);
  return posMovementIdPrefix(storeId, transactionId).length + longestLineNumber + VOID_SUFFIX.length;
}
