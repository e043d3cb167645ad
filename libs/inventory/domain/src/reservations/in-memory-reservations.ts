// A reference store of balances and reservations built only from the pure rules, one decision at
// a time. The ledger's SQL must agree with it (the model test drives both kinds of store the
// same way); it also documents the whole lifecycle in one place.
import { ReservationError } from './reservation-error';
import { checkReserveRequest, type ReserveRequest } from './reservation-request';
import { consumedBy, afterConsumption, decideReserve, grantedReservation, isDueToExpire, type Reservation } from './reservation';
import { expireReservation, extendReservation, fulfilReservation, releaseReservation, type Transition } from './reservation-lifecycle';

export interface KeyState {
  onHand: number;
  reserved: number;
}

export type LineOutcome =
  | { readonly granted: true; readonly reservation: Reservation }
  | { readonly granted: false; readonly sku: string; readonly locationId: string; readonly requested: number; readonly available: number };

export interface ReserveOutcome {
  readonly lines: readonly LineOutcome[];
}

export class InMemoryReservations {
  readonly keys = new Map<string, KeyState>();
  readonly reservations = new Map<string, Reservation>();
  /** Safety buffers by `sku@location#channel`. */
  readonly buffers = new Map<string, number>();
  private readonly byIdempotencyKey = new Map<string, { fingerprint: string; outcome: ReserveOutcome }>();
  private nextId = 1;

  constructor(private readonly defaultHoldMs: number) {}

  key(sku: string, locationId: string): KeyState {
    const id = `${sku}@${locationId}`;
    let state = this.keys.get(id);
    if (!state) this.keys.set(id, (state = { onHand: 0, reserved: 0 }));
    return state;
  }

  /** The same key and request answer the same outcome; the same key with another request is refused. */
  reserve(idempotencyKey: string, request: ReserveRequest, now: number): ReserveOutcome {
    const fingerprint = JSON.stringify(request);
    const earlier = this.byIdempotencyKey.get(idempotencyKey);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) throw new ReservationError('RESERVATION.IDEMPOTENCY_CONFLICT', 'this idempotency key was used for another request', 'idempotencyKey');
      return earlier.outcome;
    }
    checkReserveRequest(request, now);
    for (const [index, line] of request.lines.entries()) {
      if (!this.keys.has(`${line.sku}@${line.locationId}`)) {
        throw new ReservationError('RESERVATION.UNKNOWN_STOCK_KEY', `no stock is recorded for ${line.sku} at ${line.locationId}`, `lines[${index}].sku`);
      }
    }
    const decisions = request.lines.map((line) => {
      const state = this.key(line.sku, line.locationId);
      const buffer = this.bufferOf(line.sku, line.locationId, request.channel);
      return { line, decision: decideReserve({ onHand: state.onHand, reserved: state.reserved, safetyBuffer: buffer }, line.quantity) };
    });
    if (!request.partial) {
      for (const [index, { line, decision }] of decisions.entries()) {
        if (decision.granted) continue;
        throw new ReservationError(
          'RESERVATION.INSUFFICIENT_AVAILABLE',
          `${line.quantity} of ${line.sku} at ${line.locationId} asked, ${decision.available} available`,
          `lines[${index}].quantity`,
          decision.available,
        );
      }
    }
    const lines = decisions.map(({ line, decision }): LineOutcome => {
      if (!decision.granted) return { granted: false, sku: line.sku, locationId: line.locationId, requested: line.quantity, available: decision.available };
      const reservation = grantedReservation({
        reservationId: `r${this.nextId++}`,
        sku: line.sku,
        locationId: line.locationId,
        channel: request.channel,
        quantity: line.quantity,
        expiresAt: request.expiresAt ?? now + this.defaultHoldMs,
      });
      this.reservations.set(reservation.reservationId, reservation);
      this.key(line.sku, line.locationId).reserved += line.quantity;
      return { granted: true, reservation };
    });
    const outcome = { lines };
    // A refusal leaves nothing behind, so only an outcome that granted something is remembered.
    if (lines.some((line) => line.granted)) this.byIdempotencyKey.set(idempotencyKey, { fingerprint, outcome });
    return outcome;
  }

  extend(reservationId: string, expiresAt: number, now: number): Reservation {
    return this.commit(extendReservation(this.reservations.get(reservationId), reservationId, expiresAt, now));
  }

  release(reservationId: string, now: number): Reservation {
    return this.commit(releaseReservation(this.reservations.get(reservationId), reservationId, now));
  }

  fulfil(reservationId: string, quantity: number | undefined, now: number): Reservation {
    return this.commit(fulfilReservation(this.reservations.get(reservationId), reservationId, quantity, now));
  }

  /** Every open reservation past its expiry, expired once. */
  expireDue(now: number): Reservation[] {
    const due = [...this.reservations.values()].filter((reservation) => isDueToExpire(reservation, now));
    return due.map((reservation) => this.commit(expireReservation(reservation)));
  }

  /** A sale or shipment; naming a reservation of its key, it consumes what that one still holds. */
  sell(sku: string, locationId: string, quantity: number, reservationId?: string): number {
    const state = this.key(sku, locationId);
    state.onHand -= quantity;
    const reservation = reservationId === undefined ? undefined : this.reservations.get(reservationId);
    const ofThisKey = reservation && reservation.sku === sku && reservation.locationId === locationId ? reservation : undefined;
    const consumed = consumedBy(ofThisKey, quantity);
    if (ofThisKey && consumed > 0) {
      this.reservations.set(ofThisKey.reservationId, afterConsumption(ofThisKey, consumed));
      state.reserved -= consumed;
    }
    return consumed;
  }

  receive(sku: string, locationId: string, quantity: number): void {
    this.key(sku, locationId).onHand += quantity;
  }

  setBuffer(sku: string, locationId: string, channel: string, quantity: number): void {
    this.buffers.set(`${sku}@${locationId}#${channel}`, quantity);
  }

  bufferOf(sku: string, locationId: string, channel: string): number {
    return this.buffers.get(`${sku}@${locationId}#${channel}`) ?? 0;
  }

  private commit(transition: Transition): Reservation {
    const { reservation, reservedDelta } = transition;
    this.reservations.set(reservation.reservationId, reservation);
    this.key(reservation.sku, reservation.locationId).reserved += reservedDelta;
    return reservation;
  }
}
