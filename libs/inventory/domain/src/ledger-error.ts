// Errors for inputs the ledger rules cannot apply. They signal a producer bug or a poison
// message (dead-letter it with the code), never a business condition such as negative stock.

export type LedgerErrorCode =
  | 'LEDGER.INVALID_MOVEMENT'
  | 'LEDGER.COST_OUT_OF_RANGE'
  | 'LEDGER.CURRENCY_MISMATCH'
  | 'LEDGER.KEY_MISMATCH'
  | 'LEDGER.MISSING_CONTEXT'
  | 'LEDGER.PERIOD_CLOSED'
  | 'LEDGER.QUANTITY_OVERFLOW'
  | 'LEDGER.UNKNOWN_RECEIPT';

export class LedgerError extends Error {
  override readonly name = 'LedgerError';

  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    /** The offending field, when one is to blame. */
    readonly field?: string,
  ) {
    super(`${code}: ${message}`);
  }
}
