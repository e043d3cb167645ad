// Typed refusals of reservation requests. Each names the field to blame where one is, so the
// HTTP edge can answer with the field and the reason and change nothing.
import type { ReservationStatus } from './reservation';

export type ReservationErrorCode =
  | 'RESERVATION.INVALID_REQUEST'
  | 'RESERVATION.INSUFFICIENT_AVAILABLE'
  | 'RESERVATION.UNKNOWN_STOCK_KEY'
  | 'RESERVATION.UNKNOWN_REGION'
  | 'RESERVATION.UNKNOWN'
  | 'RESERVATION.EXPIRED'
  | 'RESERVATION.RELEASED'
  | 'RESERVATION.FULFILLED'
  | 'RESERVATION.IDEMPOTENCY_CONFLICT';

export class ReservationError extends Error {
  override readonly name = 'ReservationError';

  constructor(
    readonly code: ReservationErrorCode,
    message: string,
    /** The offending field, when one is to blame. */
    readonly field?: string,
    /** For INSUFFICIENT_AVAILABLE: what was available when it was decided. */
    readonly available?: number,
  ) {
    super(`${code}: ${message}`);
  }
}

const CLOSED_CODES: Record<Exclude<ReservationStatus, 'open'>, ReservationErrorCode> = {
  expired: 'RESERVATION.EXPIRED',
  released: 'RESERVATION.RELEASED',
  fulfilled: 'RESERVATION.FULFILLED',
};

/** Why a reservation that is no longer open cannot be extended, released or fulfilled. */
export function closedReservationError(reservationId: string, status: Exclude<ReservationStatus, 'open'>): ReservationError {
  return new ReservationError(CLOSED_CODES[status], `reservation ${reservationId} is ${status}`, 'reservationId');
}
