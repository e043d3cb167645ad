// Errors raised by money parsing and arithmetic. Each carries a stable code so callers can map it
// to an HTTP 4xx or a dead-letter reason without matching on message text.

export type MoneyErrorCode =
  | 'MONEY.INVALID_FORMAT'
  | 'MONEY.OUT_OF_RANGE'
  | 'MONEY.INVALID_OPERAND'
  | 'MONEY.DIVISION_BY_ZERO';

export class MoneyError extends Error {
  override readonly name = 'MoneyError';

  constructor(
    readonly code: MoneyErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
