// Reserve requests decided together: the requests that queued for the same balances are decided
// in the order they arrived, each on what the ones before it left, as if each had been decided
// alone at that moment. The caller holds the balances locked while it decides and writes the
// outcome in one transaction, so what one request was told is what the next one sees.
import { ReservationError } from './reservation-error';
import { checkReserveRequest, type ReserveRequest } from './reservation-request';
import { decideReserve } from './reservation';

export interface BatchedReserve {
  readonly idempotencyKey: string;
  /** The request's content as compared for idempotency: the same key with another one is a conflict. */
  readonly fingerprint: string;
  readonly request: ReserveRequest;
  /** When the request came: its expiry is checked against it. */
  readonly now: number;
}

/** What the store holds for the batch's keys, read with the balances locked. */
export interface BatchFacts {
  /** The record committed under an idempotency key: its fingerprint, and whether it answered a reserve. */
  stored(idempotencyKey: string): { fingerprint: string; reserve: boolean } | undefined;
  /** Reservations still hold this key while its request record was forgotten. */
  heldWithoutRecord(idempotencyKey: string): boolean;
  /** The key's on hand and reserved; undefined when no stock was ever recorded for it. */
  balance(sku: string, locationId: string): { onHand: number; reserved: number } | undefined;
  /** Units the location keeps back from the channel for this SKU. */
  buffer(sku: string, locationId: string, channel: string): number;
}

export type BatchLineDecision = { readonly granted: true; readonly reservedAfter: number } | { readonly granted: false; readonly available: number };

export type BatchDecision =
  /** Answered from the record an earlier request under the key left. */
  | { readonly kind: 'replay' }
  /** The same key and content as the earlier request of the batch at `of`, which granted: the same answer. */
  | { readonly kind: 'repeat'; readonly of: number }
  | { readonly kind: 'refused'; readonly error: ReservationError }
  /** Granted at least one line; `lines` in the request's order. */
  | { readonly kind: 'granted'; readonly lines: readonly BatchLineDecision[] };

export interface KeyChange {
  readonly sku: string;
  readonly locationId: string;
  readonly reservedBefore: number;
  readonly reservedAfter: number;
}

export interface BatchOutcome {
  /** One per request, in the batch's order. */
  readonly decisions: readonly BatchDecision[];
  /** Each key whose reserved the batch changed, from what was locked to what it leaves. */
  readonly keys: readonly KeyChange[];
}

export function decideReserveBatch(batch: readonly BatchedReserve[], facts: BatchFacts): BatchOutcome {
  // Each key's figures as the requests before the current one left them, read once from the store.
  const keys = new Map<string, { sku: string; locationId: string; onHand: number; reservedBefore: number; reserved: number } | undefined>();
  const state = (sku: string, locationId: string) => {
    const id = `${sku}@${locationId}`;
    if (!keys.has(id)) {
      const balance = facts.balance(sku, locationId);
      keys.set(id, balance && { sku, locationId, onHand: balance.onHand, reservedBefore: balance.reserved, reserved: balance.reserved });
    }
    return keys.get(id);
  };
  // Keys whose request granted earlier in this batch: the record they will leave.
  const recorded = new Map<string, { fingerprint: string; index: number }>();

  const decide = (item: BatchedReserve, index: number): BatchDecision => {
    const { idempotencyKey, fingerprint, request } = item;
    const stored = facts.stored(idempotencyKey);
    if (stored !== undefined) {
      return stored.fingerprint === fingerprint && stored.reserve ? { kind: 'replay' } : { kind: 'refused', error: anotherRequest() };
    }
    const earlier = recorded.get(idempotencyKey);
    if (earlier !== undefined) return earlier.fingerprint === fingerprint ? { kind: 'repeat', of: earlier.index } : { kind: 'refused', error: anotherRequest() };
    try {
      checkReserveRequest(request, item.now);
    } catch (error) {
      if (error instanceof ReservationError) return { kind: 'refused', error };
      throw error;
    }
    const lines = request.lines.map((line, lineIndex) => ({ line, lineIndex, key: state(line.sku, line.locationId) }));
    const unknown = lines.find((line) => line.key === undefined);
    if (unknown !== undefined) {
      const { line, lineIndex } = unknown;
      return { kind: 'refused', error: new ReservationError('RESERVATION.UNKNOWN_STOCK_KEY', `no stock is recorded for ${line.sku} at ${line.locationId}`, `lines[${lineIndex}].sku`) };
    }
    const decisions = lines.map(({ line, key }) => decideReserve({ onHand: key!.onHand, reserved: key!.reserved, safetyBuffer: facts.buffer(line.sku, line.locationId, request.channel) }, line.quantity));
    const refusedAt = decisions.findIndex((decision) => !decision.granted);
    const grantsNothing = decisions.every((decision) => !decision.granted);
    if (refusedAt >= 0 && (!request.partial || grantsNothing)) {
      const line = request.lines[refusedAt]!;
      const available = (decisions[refusedAt] as { available: number }).available;
      return {
        kind: 'refused',
        error: new ReservationError(
          'RESERVATION.INSUFFICIENT_AVAILABLE',
          `${line.quantity} of ${line.sku} at ${line.locationId} asked for channel ${request.channel}, ${available} available`,
          `lines[${refusedAt}].quantity`,
          available,
        ),
      };
    }
    // Reservations outlive their request's record: a key they hold is not free for a new request.
    if (facts.heldWithoutRecord(idempotencyKey)) return { kind: 'refused', error: forgottenKey() };
    recorded.set(idempotencyKey, { fingerprint, index });
    return {
      kind: 'granted',
      lines: decisions.map((decision, lineIndex): BatchLineDecision => {
        if (!decision.granted) return decision;
        const key = lines[lineIndex]!.key!;
        key.reserved += request.lines[lineIndex]!.quantity;
        return { granted: true, reservedAfter: key.reserved };
      }),
    };
  };

  const decisions = batch.map(decide);
  const changed = [...keys.values()].filter((key) => key !== undefined && key.reserved !== key.reservedBefore) as Array<NonNullable<ReturnType<typeof state>>>;
  return { decisions, keys: changed.map(({ sku, locationId, reservedBefore, reserved }) => ({ sku, locationId, reservedBefore, reservedAfter: reserved })) };
}

function anotherRequest(): ReservationError {
  return new ReservationError('RESERVATION.IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used for another request', 'Idempotency-Key');
}

function forgottenKey(): ReservationError {
  return new ReservationError('RESERVATION.IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used by a request older than the ledger remembers requests for', 'Idempotency-Key');
}
