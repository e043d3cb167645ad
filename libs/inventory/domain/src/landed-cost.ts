// Landed costs and cost corrections under the moving average (docs/valuation.md, "Landed costs").
// A landed cost names an earlier receipt of its key. The receipt's units still on the shelf,
// counted first in first out, take their share of the amount and the rest is a cost-of-goods
// variance, derived as a movement of its own (the split is cost-correction.ts's, which a late
// shipment's correction shares).
import { Money, ZERO_MONEY } from '@ledgerline/money';
import { correctShelfCost, unitsStillOnHand } from './cost-correction';
import { LedgerError } from './ledger-error';
import { LedgerEntry } from './ledger-entry';
import { LandedCostMovement, LandedCostVarianceMovement } from './movement';
import { ValuationPool } from './valuation-pool';

/** What the rule needs to know about the receipt a landed cost names, as of just before the landed cost. */
export interface LandedCostBasis {
  /** Units the receipt brought. */
  readonly receiptQuantity: number;
  /** The cost the receipt booked (on the shelf and, where it filled negative stock, cost of goods sold). */
  readonly receiptCost: Money;
  /** Units that arrived on this key's shelf after the receipt: every positive change of on hand since. */
  readonly arrivedSince: number;
}

export interface LandedCostEffect {
  readonly onHand: ValuationPool;
  /** The variance movement for the part the shelf did not take; null when the shelf took it all. */
  readonly variance: LandedCostVarianceMovement | null;
}

/** The deterministic id of the variance a landed cost derives, so a replay derives the same one. */
export function landedCostVarianceId(landedCostMovementId: string): string {
  return `${landedCostMovementId}:cogs-variance`;
}

/** Units of the receipt still on the shelf, first in first out: on hand less what arrived since, within 0..receipt quantity. */
export function receiptUnitsOnHand(onHand: number, basis: LandedCostBasis): number {
  return unitsStillOnHand(onHand, basis.receiptQuantity, basis.arrivedSince);
}

export function landedCostEffect(pool: ValuationPool, movement: LandedCostMovement, basis: LandedCostBasis | undefined): LandedCostEffect {
  const known = requireLandedCostBasis(movement, basis);
  const { onHand, toCostOfGoodsSold } = correctShelfCost(pool, movement.amount, receiptUnitsOnHand(pool.units, known), known.receiptQuantity);
  return { onHand, variance: varianceOf(movement, toCostOfGoodsSold) };
}

/** The receipt a landed cost names, refused when unknown or when a lowering correction exceeds what it cost. */
export function requireLandedCostBasis(movement: LandedCostMovement, basis: LandedCostBasis | undefined): LandedCostBasis {
  if (basis === undefined) {
    throw new LedgerError(
      'LEDGER.UNKNOWN_RECEIPT',
      `landed-cost movement ${movement.movementId}: receipt ${movement.receiptMovementId} is not a receipt of ${movement.sku} at ${movement.locationId} in this ledger`,
      'receiptMovementId',
    );
  }
  if (movement.amount < 0n && -movement.amount > basis.receiptCost) {
    throw new LedgerError(
      'LEDGER.COST_OUT_OF_RANGE',
      `landed-cost movement ${movement.movementId}: a correction of ${movement.amount} would take receipt ${movement.receiptMovementId} below zero (it cost ${basis.receiptCost})`,
      'amount',
    );
  }
  return basis;
}

/** The variance movement for the part of a landed cost the shelf did not take; null when it took it all. */
export function varianceOf(movement: LandedCostMovement, toCostOfGoodsSold: Money): LandedCostVarianceMovement | null {
  return toCostOfGoodsSold === ZERO_MONEY ? null : varianceFor(movement, toCostOfGoodsSold);
}

/**
 * The basis of a landed cost from the key's entries (recorded in order, derived ones included):
 * `committed`, when the receipt is in rows read from the ledger and `entries` follow them; else
 * the receipt must be among `entries`. Undefined when it is in neither.
 */
export function landedCostBasisIn(entries: readonly LedgerEntry[], receiptMovementId: string, committed?: LandedCostBasis): LandedCostBasis | undefined {
  if (committed !== undefined) return { ...committed, arrivedSince: committed.arrivedSince + unitsArrived(entries, 0) };
  const index = entries.findIndex((entry) => entry.movement.movementId === receiptMovementId && entry.movement.kind === 'receipt');
  const found = entries[index];
  if (found === undefined) return undefined;
  return {
    receiptQuantity: found.outcome.quantityDelta,
    receiptCost: found.outcome.valueDelta + found.outcome.costOfGoodsSold,
    arrivedSince: unitsArrived(entries, index + 1),
  };
}

/** Units the entries brought onto the shelf: every positive change of on hand (the count a key's balance keeps rising by). */
export function unitsArrivedIn(entries: readonly LedgerEntry[]): number {
  return unitsArrived(entries, 0);
}

function unitsArrived(entries: readonly LedgerEntry[], from: number): number {
  let arrived = 0;
  for (const { outcome } of entries.slice(from)) {
    if (outcome.quantityDelta > 0) arrived += outcome.quantityDelta;
  }
  return arrived;
}

function varianceFor(movement: LandedCostMovement, amount: Money): LandedCostVarianceMovement {
  return {
    kind: 'landed-cost-variance',
    movementId: landedCostVarianceId(movement.movementId),
    sku: movement.sku,
    locationId: movement.locationId,
    occurredAt: movement.occurredAt,
    causedByMovementId: movement.movementId,
    receiptMovementId: movement.receiptMovementId,
    amount,
    costType: movement.costType,
  };
}
