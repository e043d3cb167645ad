// Applies one movement to one balance: the single entry point of the ledger rules.
//
// CONTRACT FOR CALLERS. The result may carry derived movements. Those for the same balance (a
// count's variance, a late movement's count-correction) must be recorded in the ledger and
// applied through this same function immediately, in order, before the next movement of that
// key; those for another balance (the shipment a transfer-out sends to its destination) must be
// published on the movements topic under their own key. Derived ids are deterministic
// (`<cause id>:variance`, `:count-correction`, `:shipped`, `:cogs-variance`), so a redelivered cause derives
// nothing new once the cause is de-duplicated, and a re-published derived movement is
// de-duplicated like any other. applyMovements does all this for a batch.
//
// Duplicates are the caller's concern (see in-memory-ledger.ts and the SQL ledger): this
// function applies what it is given.
import { Money } from '@ledgerline/money';
import { EarlyArrival } from './early-arrivals';
import { LedgerError } from './ledger-error';
import { LandedCostBasis, landedCostEffect } from './landed-cost';
import { COUNT_CORRECTION_REASON, Movement } from './movement';
import { ValuedEffect, stockEffectOf } from './movement-effects';
import { applyCount, countCorrectionFor, isCoveredByCount } from './physical-count';
import { AlertDraft } from './stock-alert';
import { BalanceKey, StockBalance, balanceKey } from './stock-balance';
import { stockLevelAlerts } from './stock-level-alerts';
import { validateMovement } from './validate-movement';

/** Facts from outside the balance that some rules need; the app looks them up before applying. */
export interface ApplyContext {
  /** The item's low-stock threshold at this location; null or absent when it has none. */
  readonly lowStockThreshold?: number | null;
  /**
   * Required for a count (unless stale): the sum of on-hand effects of the movements of this key
   * dated at or before the count's occurredAt that are already applied.
   */
  readonly onHandAsOfCount?: number;
  /** Required for a landed cost: the receipt it names, as of just before it (landedCostBasisIn); absent when unknown. */
  readonly landedCostBasis?: LandedCostBasis;
  /** Required for a transfer-shipped while in transit is below zero: the arrivals in that hole, as of just before it (earlyArrivalsIn). */
  readonly earlyArrivals?: readonly EarlyArrival[];
}

export interface MovementOutcome {
  readonly balance: StockBalance;
  /** Change of on hand. */
  readonly quantityDelta: number;
  readonly inTransitDelta: number;
  readonly onOrderDelta: number;
  /** Change of inventoryValue (on hand). */
  readonly valueDelta: Money;
  readonly inTransitValueDelta: Money;
  /** Positive for a sale, negative for a return; see ValuedEffect. */
  readonly costOfGoodsSold: Money;
  /** Movements the caller must apply (same key) or publish (other key), in this order. */
  readonly derived: readonly Movement[];
  readonly alerts: readonly AlertDraft[];
}

export function applyMovement(balance: StockBalance, movement: Movement, context: ApplyContext = {}): MovementOutcome {
  requireApplicable(balance, movement);
  return outcomeOf(balance, movement, context, averageCostEffect(balance, movement, context));
}

/** Refuses a movement that is invalid, for another key, or would take a quantity beyond a safe integer. */
export function requireApplicable(balance: StockBalance, movement: Movement): void {
  validateMovement(movement);
  if (movement.sku !== balance.sku || movement.locationId !== balance.locationId) {
    throw new LedgerError(
      'LEDGER.KEY_MISMATCH',
      `movement ${movement.movementId} is for ${balanceKey(movement)} but was applied to ${balanceKey(balance)}`,
      'locationId',
    );
  }
  requireRoomFor(balance, movement);
}

/** The outcome of a movement `requireApplicable` accepted, once its method has valued it. */
export function outcomeOf(balance: StockBalance, movement: Movement, context: ApplyContext, effect: ValuedEffect): MovementOutcome {
  const onHand = effect.onHand;
  const quantityDelta = onHand.units - balance.onHand;
  const derived: Movement[] = [...effect.derived];
  const alerts: AlertDraft[] = [];
  let lastCountAt = balance.lastCountAt;

  if (movement.kind === 'count') {
    const counted = applyCount(balance, movement, context.onHandAsOfCount);
    lastCountAt = counted.lastCountAt;
    if (counted.varianceAdjustment) derived.push(counted.varianceAdjustment);
    if (counted.alert) alerts.push(counted.alert);
  }

  const correction = isCoveredByCount(balance, movement) ? countCorrectionFor(movement, quantityDelta) : null;
  if (correction) {
    derived.push(correction);
  } else if (!isCountCorrection(movement)) {
    // A corrected movement and its correction cancel out on the shelf: no level alerts for either.
    alerts.push(...stockLevelAlerts(movement, balance.onHand, onHand.units, context.lowStockThreshold ?? null));
  }

  const next: StockBalance = {
    ...balance,
    onHand: onHand.units,
    inTransit: effect.inTransit.units,
    onOrder: effect.onOrder,
    inventoryValue: onHand.value,
    inTransitValue: effect.inTransit.value,
    averageUnitCost: onHand.unitCost,
    version: balance.version + 1,
    lastCountAt,
    lastMovementAt: balance.lastMovementAt === null ? movement.occurredAt : Math.max(balance.lastMovementAt, movement.occurredAt),
  };
  return {
    balance: next,
    quantityDelta,
    inTransitDelta: next.inTransit - balance.inTransit,
    onOrderDelta: next.onOrder - balance.onOrder,
    valueDelta: next.inventoryValue - balance.inventoryValue,
    inTransitValueDelta: next.inTransitValue - balance.inTransitValue,
    costOfGoodsSold: effect.costOfGoodsSold,
    derived,
    alerts,
  };
}

function averageCostEffect(balance: StockBalance, movement: Movement, context: ApplyContext): ValuedEffect {
  const effect = stockEffectOf(balance, movement, context.earlyArrivals);
  // A landed cost also needs its receipt (the context): it revalues the shelf and may derive its variance.
  const landed = movement.kind === 'landed-cost' ? landedCostEffect(effect.onHand, movement, context.landedCostBasis) : null;
  const derived = landed?.variance ? [...effect.derived, landed.variance] : effect.derived;
  return { onHand: landed === null ? effect.onHand : landed.onHand, inTransit: effect.inTransit, onOrder: effect.onOrder, costOfGoodsSold: effect.costOfGoodsSold, derived };
}

/** True when `movement` belongs to the balance identified by `key`. */
export function isForBalance(movement: Movement, key: BalanceKey): boolean {
  return movement.sku === key.sku && movement.locationId === key.locationId;
}

function isCountCorrection(movement: Movement): boolean {
  return movement.kind === 'adjustment' && movement.reasonCode === COUNT_CORRECTION_REASON;
}

/** Refuses, before any arithmetic, a movement that could take a quantity beyond a safe integer. */
function requireRoomFor(balance: StockBalance, movement: Movement): void {
  // A landed cost and its variance change value only, a method change nothing.
  const magnitude =
    movement.kind === 'count'
      ? movement.countedQuantity
      : movement.kind === 'landed-cost' || movement.kind === 'landed-cost-variance' || movement.kind === 'valuation-method-change'
        ? 0
        : Math.abs(movement.quantity);
  // Three plain checks: this runs for every movement, and a loop over Object.entries allocated.
  requireSafeSum(balance.onHand, magnitude, 'onHand', movement);
  requireSafeSum(balance.inTransit, magnitude, 'inTransit', movement);
  requireSafeSum(balance.onOrder, magnitude, 'onOrder', movement);
}

function requireSafeSum(units: number, magnitude: number, field: string, movement: Movement): void {
  if (!Number.isSafeInteger(Math.abs(units) + magnitude)) {
    throw new LedgerError('LEDGER.QUANTITY_OVERFLOW', `movement ${movement.movementId} could take ${field} beyond a safe integer`, field);
  }
}
