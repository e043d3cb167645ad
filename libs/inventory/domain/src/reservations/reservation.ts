// Reservations: stock held for an order before it is sold or shipped, and the quantity a channel
// can still promise. Pure rules over plain data; the ledger decides batches of reserve requests
// with them on balances it holds locked (reservation-batch.ts) and applies the same rules in SQL
// for its other writes, and the in-memory store beside this file is the reference the model test
// holds them to.

export type ReservationStatus = 'open' | 'released' | 'expired' | 'fulfilled';

export interface Reservation {
  readonly reservationId: string;
  readonly sku: string;
  readonly locationId: string;
  readonly channel: string;
  /** Units held when granted; never changes. */
  readonly quantity: number;
  /** Units already taken by sales or shipments naming the reservation (or fulfilled by its owner). */
  readonly fulfilledQuantity: number;
  readonly status: ReservationStatus;
  /** Business time (ms epoch) after which the hold lapses. */
  readonly expiresAt: number;
}

/** A reservation as granted: all of it held, nothing taken yet. */
export function grantedReservation(grant: Pick<Reservation, 'reservationId' | 'sku' | 'locationId' | 'channel' | 'quantity' | 'expiresAt'>): Reservation {
  return { ...grant, fulfilledQuantity: 0, status: 'open' };
}

/** What one balance says about promising its stock. */
export interface AvailabilityFacts {
  readonly onHand: number;
  /** Sum of the open quantities of the key's open reservations. */
  readonly reserved: number;
  /** Units the location keeps back from this channel. */
  readonly safetyBuffer: number;
}

/** Available to promise: on hand less what is held less what the channel must leave. May be negative. */
export function availableToPromise(facts: AvailabilityFacts): number {
  return facts.onHand - facts.reserved - facts.safetyBuffer;
}

/** Units a reservation still holds. */
export function openQuantity(reservation: Reservation): number {
  return reservation.status === 'open' ? reservation.quantity - reservation.fulfilledQuantity : 0;
}

/** Open, but past its expiry: due to be expired (it holds stock until that is recorded). */
export function isDueToExpire(reservation: Reservation, now: number): boolean {
  return reservation.status === 'open' && reservation.expiresAt <= now;
}

/** Granted only when what is available covers the whole quantity, never in part. */
export function decideReserve(facts: AvailabilityFacts, quantity: number): { granted: true } | { granted: false; available: number } {
  const available = availableToPromise(facts);
  return available >= quantity ? { granted: true } : { granted: false, available };
}

/**
 * A sale or shipment naming a reservation takes its units from it first: what it consumes is
 * no longer reserved, so availability falls only by the part the reservation did not cover. A
 * reservation that is no longer open consumes nothing (the movement reduces availability as any
 * sale does: a sale that happened is never refused).
 */
export function consumedBy(reservation: Reservation | undefined, movementQuantity: number): number {
  if (reservation === undefined) return 0;
  return Math.min(openQuantity(reservation), Math.max(0, movementQuantity));
}

/** The reservation after `quantity` of its units were taken: fulfilled once nothing is left open. */
export function afterConsumption(reservation: Reservation, quantity: number): Reservation {
  const fulfilledQuantity = reservation.fulfilledQuantity + quantity;
  return { ...reservation, fulfilledQuantity, status: fulfilledQuantity >= reservation.quantity ? 'fulfilled' : reservation.status };
}
