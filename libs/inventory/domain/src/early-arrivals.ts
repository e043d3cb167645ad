// Goods put on the shelf before their shipment was known: a transfer-in applied while in transit
// held fewer units than it brought. The units beyond what was in transit arrive at an estimate and
// take in transit below zero (a hole); the shipment that fills the hole carries their exact value,
// and the difference from the estimate (its true-up) is split like a landed cost (cost-correction.ts):
// those of the hole's units still on the shelf, first in first out, take their share, and the rest
// is cost of goods sold (docs/valuation.md, "Late and backdated movements").
//
// The hole is kept as the arrivals that opened it, oldest first: for each, its units not yet
// matched by a shipment and the units that arrived on the shelf after it. A shipment matches the
// oldest first, so the units left in the hole are always the newest of those arrivals.
import { LedgerEntry } from './ledger-entry';
import { unitsStillOnHand } from './cost-correction';

export interface EarlyArrival {
  /** Units of this arrival beyond what was in transit when it was applied, not yet matched by a shipment. */
  readonly units: number;
  /** Units that arrived on the key's shelf after this arrival: every positive change of on hand since. */
  readonly arrivedSince: number;
  /** The key's balance version the arrival (its transfer-in) left, where known: how the ledger names it among the key's open arrivals. */
  readonly version?: number;
}

/**
 * The hole's arrivals after the key's entries (recorded in order, derived ones included), starting
 * from `committed`, the hole as of the rows read from the ledger that the entries follow.
 */
export function earlyArrivalsIn(entries: readonly LedgerEntry[], committed: readonly EarlyArrival[] = []): EarlyArrival[] {
  const arrivals = committed.map((arrival) => ({ ...arrival }));
  for (const { movement, outcome } of entries) {
    if (outcome.quantityDelta > 0) {
      for (const arrival of arrivals) arrival.arrivedSince += outcome.quantityDelta;
    }
    const inTransitBefore = outcome.balance.inTransit - outcome.inTransitDelta;
    if (movement.kind === 'transfer-in') {
      const beyondInTransit = movement.quantity - Math.min(movement.quantity, Math.max(0, inTransitBefore));
      if (beyondInTransit > 0) arrivals.push({ units: beyondInTransit, arrivedSince: 0, version: outcome.balance.version });
    } else if (movement.kind === 'transfer-shipped' && inTransitBefore < 0) {
      matchOldestFirst(arrivals, Math.min(movement.quantity, -inTransitBefore));
    }
  }
  return arrivals;
}

/** Units of the hole still on a shelf of `onHand` units, first in first out. */
export function earlyArrivalUnitsOnHand(onHand: number, arrivals: readonly EarlyArrival[]): number {
  let units = 0;
  for (const arrival of arrivals) units += unitsStillOnHand(onHand, arrival.units, arrival.arrivedSince);
  return units;
}

/** Units in the hole: what in transit is below zero. */
export function earlyArrivalUnits(arrivals: readonly EarlyArrival[]): number {
  let units = 0;
  for (const arrival of arrivals) units += arrival.units;
  return units;
}

function matchOldestFirst(arrivals: Array<{ units: number; arrivedSince: number; version?: number }>, shipped: number): void {
  let unmatched = shipped;
  while (unmatched > 0) {
    const oldest = arrivals[0];
    if (oldest === undefined) throw new Error(`a shipment fills ${shipped} units of in transit's hole, which holds ${shipped - unmatched} from early arrivals`);
    const matched = Math.min(oldest.units, unmatched);
    oldest.units -= matched;
    unmatched -= matched;
    if (oldest.units === 0) arrivals.shift();
  }
}
