// Refusals of the counting routes, each with its status and code; the controllers turn them into
// problem answers.
export type CountingErrorCode =
  | 'COUNTS.UNKNOWN_LIST'
  | 'COUNTS.UNKNOWN_SKU'
  | 'COUNTS.ALREADY_DECIDED'
  | 'COUNTS.CHANGED_MEANWHILE'
  | 'COUNTS.NOT_AWAITING_APPROVAL'
  | 'COUNTS.INVALID_DAY'
  | 'MOVEMENTS.STORE_MISMATCH'
  | 'MOVEMENTS.UNKNOWN_LOCATION';

const STATUS: Record<CountingErrorCode, number> = {
  'COUNTS.UNKNOWN_LIST': 404,
  'COUNTS.UNKNOWN_SKU': 422,
  'COUNTS.ALREADY_DECIDED': 409,
  'COUNTS.CHANGED_MEANWHILE': 409,
  'COUNTS.NOT_AWAITING_APPROVAL': 409,
  'COUNTS.INVALID_DAY': 422,
  'MOVEMENTS.STORE_MISMATCH': 403,
  'MOVEMENTS.UNKNOWN_LOCATION': 422,
};

export class CountingError extends Error {
  readonly status: number;

  constructor(
    readonly code: CountingErrorCode,
    message: string,
    readonly path = '',
  ) {
    super(message);
    this.name = 'CountingError';
    this.status = STATUS[code];
  }
}
