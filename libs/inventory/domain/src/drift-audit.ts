// The rules of the ledger's drift audit, which re-checks every balance against the movements it
// was built from, and every location's running totals against its balances: which figures disagree, how long the auditor rests after a chunk so its share
// of the machine stays bounded, and what can be said of when a key was last verified, given only
// the audit's pass bookkeeping (nothing is recorded per key).

/**
 * The figures of a balance that must each equal the sum of the same figure over its movements;
 * reserved, the sum of what the key's open reservations still hold.
 */
export const AUDITED_FIELDS = ['onHand', 'inTransit', 'onOrder', 'inventoryValue', 'inTransitValue', 'reserved'] as const;
export type AuditedField = (typeof AUDITED_FIELDS)[number];

/** Exact figures: quantities in units, values in ten-thousandths (as Money), all as bigint. */
export type AuditedFigures = Readonly<Record<AuditedField, bigint>>;

export interface FieldDiscrepancy {
  readonly field: AuditedField;
  readonly stored: bigint;
  readonly fromMovements: bigint;
}

/**
 * A location's running totals (kept beside its valuation, with the deltas not yet folded) that
 * must each equal the same figure counted over the location's balances now: on hand and the two
 * values summed, the balances opened, and how many are negative, out of stock and low, the last
 * under each item's low-stock threshold now (stock-state.ts).
 */
export const LOCATION_TOTAL_FIELDS = ['onHand', 'inventoryValue', 'inTransitValue', 'balances', 'negative', 'stockout', 'low'] as const;
export type LocationTotalField = (typeof LOCATION_TOTAL_FIELDS)[number];

/** Exact figures, as AuditedFigures: units and counts as integers, values in ten-thousandths. */
export type LocationTotalFigures = Readonly<Record<LocationTotalField, bigint>>;

export interface LocationTotalDiscrepancy {
  readonly field: LocationTotalField;
  readonly kept: bigint;
  readonly fromBalances: bigint;
}

/** True for the fields held in ten-thousandths of money rather than in units. */
export function isMoneyField(field: AuditedField | LocationTotalField): boolean {
  return field === 'inventoryValue' || field === 'inTransitValue';
}

/** A figure as text: units as an integer, money in its 4-fraction-digit decimal form ("-12.5000"). */
export function auditedFigureText(field: AuditedField | LocationTotalField, value: bigint): string {
  if (!isMoneyField(field)) return value.toString();
  const magnitude = value < 0n ? -value : value;
  const fraction = (magnitude % 10_000n).toString().padStart(4, '0');
  return `${value < 0n ? '-' : ''}${magnitude / 10_000n}.${fraction}`;
}

/** Every audited figure of the stored balance that differs from the sum of its movements. */
export function balanceDiscrepancies(stored: AuditedFigures, fromMovements: AuditedFigures): FieldDiscrepancy[] {
  return AUDITED_FIELDS.filter((field) => stored[field] !== fromMovements[field]).map((field) => ({
    field,
    stored: stored[field],
    fromMovements: fromMovements[field],
  }));
}

/** Every running total of a location that differs from the same figure counted over its balances. */
export function locationTotalDiscrepancies(kept: LocationTotalFigures, fromBalances: LocationTotalFigures): LocationTotalDiscrepancy[] {
  return LOCATION_TOTAL_FIELDS.filter((field) => kept[field] !== fromBalances[field]).map((field) => ({
    field,
    kept: kept[field],
    fromBalances: fromBalances[field],
  }));
}

export interface AuditPacing {
  /** Rest after every chunk, however quick it was. */
  readonly minPauseMs: number;
  /** Largest share of wall time the audit may spend checking (0 < share <= 1). */
  readonly maxBusyShare: number;
}

/**
 * The rest after a chunk that took `busyMs`: long enough that busy / (busy + rest) stays within
 * the allowed share, so a slow chunk (cold cache, a key with a long history, a busy database)
 * slows the audit down instead of taking more of the machine.
 */
export function pauseAfterChunk(busyMs: number, pacing: AuditPacing): number {
  if (!(pacing.maxBusyShare > 0 && pacing.maxBusyShare <= 1)) throw new RangeError('maxBusyShare must be in (0, 1]');
  const forShare = Math.ceil(Math.max(0, busyMs) * (1 / pacing.maxBusyShare - 1));
  return Math.max(pacing.minPauseMs, forShare);
}

export interface PassWindow {
  readonly passNumber: number;
  readonly from: Date;
  readonly to: Date;
}

export interface KeyVerificationFacts {
  /** The current pass's cursor has reached the key (keyset order is the database's, so it says). */
  readonly reachedByCurrentPass: boolean;
  readonly currentPass: { readonly passNumber: number; readonly startedAt: Date; readonly cursorMovedAt: Date | null } | null;
  readonly lastCompletedPass: { readonly passNumber: number; readonly startedAt: Date; readonly finishedAt: Date } | null;
  /** When the ledger last wrote the balance. */
  readonly balanceWrittenAt: Date;
  readonly openMismatches: number;
}

export type KeyVerification =
  | { readonly status: 'mismatch'; readonly lastVerified: PassWindow | null }
  | { readonly status: 'verified'; readonly lastVerified: PassWindow }
  | { readonly status: 'awaiting-check'; readonly lastVerified: PassWindow | null };

/**
 * When a key was last found equal to its movements, as a window: the walk checked it at some
 * time between `from` and `to` (the current pass up to its cursor, or the last completed pass).
 * 'verified' means the balance has not been written since the window opened, so its current
 * state is the one checked; 'awaiting-check' means it was written since (or never reached) and
 * the next check will tell. A re-check of a recently written key out of walk order is not
 * recorded per key, so this answer errs on the old side, never the new.
 */
export function keyVerification(facts: KeyVerificationFacts): KeyVerification {
  const window = verificationWindow(facts);
  if (facts.openMismatches > 0) return { status: 'mismatch', lastVerified: window };
  if (window !== null && facts.balanceWrittenAt.getTime() < window.from.getTime()) return { status: 'verified', lastVerified: window };
  return { status: 'awaiting-check', lastVerified: window };
}

function verificationWindow({ reachedByCurrentPass, currentPass, lastCompletedPass }: KeyVerificationFacts): PassWindow | null {
  if (reachedByCurrentPass && currentPass !== null && currentPass.cursorMovedAt !== null) {
    return { passNumber: currentPass.passNumber, from: currentPass.startedAt, to: currentPass.cursorMovedAt };
  }
  if (lastCompletedPass !== null) return { passNumber: lastCompletedPass.passNumber, from: lastCompletedPass.startedAt, to: lastCompletedPass.finishedAt };
  return null;
}
