// The transitions of one reservation: extend, release, fulfil and expire are allowed only while
// it is open; each refusal names why (expired, released, fulfilled).
import { closedReservationError, ReservationError } from './reservation-error';
import { checkExpiry, checkQuantity } from './reservation-request';
import { afterConsumption, openQuantity, type Reservation } from './reservation';

/** What a transition does: the reservation after it and how much the key's reserved quantity falls. */
export interface Transition {
  readonly reservation: Reservation;
  readonly reservedDelta: number;
}

function requireOpen(reservation: Reservation | undefined, reservationId: string): Reservation {
  if (reservation === undefined) throw new ReservationError('RESERVATION.UNKNOWN', `no reservation ${reservationId}`, 'reservationId');
  if (reservation.status !== 'open') throw closedReservationError(reservationId, reservation.status);
  return reservation;
}

/**
 * An open reservation past its expiry is treated as expired by every request, whether or not the
 * background expiry has recorded it yet: a caller never extends or fulfils a lapsed hold.
 */
function requireLive(reservation: Reservation | undefined, reservationId: string, now: number): Reservation {
  const open = requireOpen(reservation, reservationId);
  if (open.expiresAt <= now) throw closedReservationError(reservationId, 'expired');
  return open;
}

export function extendReservation(reservation: Reservation | undefined, reservationId: string, expiresAt: number, now: number): Transition {
  const live = requireLive(reservation, reservationId, now);
  checkExpiry(expiresAt, now);
  return { reservation: { ...live, expiresAt }, reservedDelta: 0 };
}

export function releaseReservation(reservation: Reservation | undefined, reservationId: string, now: number): Transition {
  const live = requireLive(reservation, reservationId, now);
  return { reservation: { ...live, status: 'released' }, reservedDelta: -openQuantity(live) };
}

/** The owner says the units left (or `quantity` of them did); what remains stays held. */
export function fulfilReservation(reservation: Reservation | undefined, reservationId: string, quantity: number | undefined, now: number): Transition {
  const live = requireLive(reservation, reservationId, now);
  const open = openQuantity(live);
  const taken = quantity ?? open;
  checkQuantity(taken, 'quantity');
  if (taken > open) throw new ReservationError('RESERVATION.INVALID_REQUEST', `quantity must be at most the ${open} units still held`, 'quantity');
  return { reservation: afterConsumption(live, taken), reservedDelta: -taken };
}

/** Recorded once by the background expiry, for an open reservation past its expiry. */
export function expireReservation(reservation: Reservation): Transition {
  return { reservation: { ...reservation, status: 'expired' }, reservedDelta: -openQuantity(reservation) };
}
