// Checks of a reservation request before anything is decided: every fault names its field, and a
// request with one is refused whole.
import { ReservationError } from './reservation-error';

/** Larger than any stock a key holds; the same bound as a movement's quantity. */
export const MAX_RESERVATION_QUANTITY = 1_000_000_000;
/** A request reserves at most this many lines, so its one statement stays small. */
export const MAX_RESERVATION_LINES = 100;
/** The longest hold a request may ask for. */
export const MAX_RESERVATION_HOLD_MS = 90 * 24 * 3600 * 1000;

export interface ReservationLineRequest {
  readonly sku: string;
  readonly locationId: string;
  readonly quantity: number;
}

export interface ReserveRequest {
  readonly channel: string;
  readonly lines: readonly ReservationLineRequest[];
  /** Business time (ms epoch) the hold lapses; absent, the ledger's default hold applies. */
  readonly expiresAt?: number;
  /** All lines or none (the default), or each line decided on its own. */
  readonly partial: boolean;
}

export function checkQuantity(quantity: number, field: string): void {
  if (!Number.isSafeInteger(quantity) || quantity <= 0 || quantity > MAX_RESERVATION_QUANTITY) {
    throw new ReservationError('RESERVATION.INVALID_REQUEST', `${field} must be a whole number from 1 to ${MAX_RESERVATION_QUANTITY}`, field);
  }
}

export function checkExpiry(expiresAt: number, now: number, field = 'expiresAt'): void {
  if (!Number.isFinite(expiresAt)) throw new ReservationError('RESERVATION.INVALID_REQUEST', `${field} must be a time`, field);
  if (expiresAt <= now) throw new ReservationError('RESERVATION.INVALID_REQUEST', `${field} must be in the future`, field);
  if (expiresAt - now > MAX_RESERVATION_HOLD_MS) {
    throw new ReservationError('RESERVATION.INVALID_REQUEST', `${field} must be at most ${MAX_RESERVATION_HOLD_MS / 86_400_000} days ahead`, field);
  }
}

/** Refuses a request that cannot be decided as asked; returns its lines. */
export function checkReserveRequest(request: ReserveRequest, now: number): void {
  if (request.lines.length === 0) throw new ReservationError('RESERVATION.INVALID_REQUEST', 'lines must hold at least one line', 'lines');
  if (request.lines.length > MAX_RESERVATION_LINES) {
    throw new ReservationError('RESERVATION.INVALID_REQUEST', `lines must hold at most ${MAX_RESERVATION_LINES} lines`, 'lines');
  }
  const keys = new Set<string>();
  request.lines.forEach((line, index) => {
    checkQuantity(line.quantity, `lines[${index}].quantity`);
    const key = `${line.sku}@${line.locationId}`;
    // One decision per key and request: two lines of one key would be two writes of one balance.
    if (keys.has(key)) throw new ReservationError('RESERVATION.INVALID_REQUEST', `lines[${index}] repeats ${key}: give one line per SKU and location`, `lines[${index}]`);
    keys.add(key);
  });
  if (request.expiresAt !== undefined) checkExpiry(request.expiresAt, now);
}
