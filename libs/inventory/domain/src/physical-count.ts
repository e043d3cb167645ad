// Physical counts and the movements that arrive after a count already saw the shelf.
//
// A count at time T says the shelf held N units at T. The record at T (on hand from movements
// dated <= T that were applied before the count, supplied by the caller) may differ: the
// variance N - recorded is posted as a derived adjustment dated T, so movements dated after T
// are kept on top of the counted figure.
//
// A movement dated at or before the latest count but applied after it (an offline till replaying
// days late) was already on or off the shelf when it was counted. It is recorded (its cost of
// goods sold counts) and a derived 'count-correction' adjustment, dated like it, cancels its
// effect on on hand. Because both are dated <= T, the on hand as of T stays what was counted.
// A count dated at or before the latest count is stale: recorded, but it derives nothing.
import { multiplyByQuantity } from '@ledgerline/money';
import { LedgerError } from './ledger-error';
import { AdjustmentMovement, COUNT_CORRECTION_REASON, COUNT_VARIANCE_REASON, CountMovement, LEDGER_RESERVED_REASONS, Movement } from './movement';
import { CountVarianceAlertDraft } from './stock-alert';
import { StockBalance } from './stock-balance';

export interface CountOutcome {
  /** The variance adjustment, absent when the count agrees or is stale. */
  readonly varianceAdjustment: AdjustmentMovement | null;
  readonly alert: CountVarianceAlertDraft | null;
  readonly lastCountAt: number | null;
}

export function isStaleCount(balance: StockBalance, count: CountMovement): boolean {
  return balance.lastCountAt !== null && count.occurredAt <= balance.lastCountAt;
}

export function varianceAdjustmentId(countMovementId: string): string {
  return `${countMovementId}:variance`;
}

export function countCorrectionId(lateMovementId: string): string {
  return `${lateMovementId}:count-correction`;
}

export function applyCount(balance: StockBalance, count: CountMovement, onHandAsOfCount: number | undefined): CountOutcome {
  if (isStaleCount(balance, count)) {
    return { varianceAdjustment: null, alert: null, lastCountAt: balance.lastCountAt };
  }
  if (onHandAsOfCount === undefined || !Number.isSafeInteger(onHandAsOfCount)) {
    throw new LedgerError(
      'LEDGER.MISSING_CONTEXT',
      `count movement ${count.movementId}: context.onHandAsOfCount (on hand from movements dated <= ${count.occurredAt}) is required`,
      'onHandAsOfCount',
    );
  }
  const variance = count.countedQuantity - onHandAsOfCount;
  if (variance === 0) {
    return { varianceAdjustment: null, alert: null, lastCountAt: count.occurredAt };
  }
  const varianceAdjustment: AdjustmentMovement = {
    kind: 'adjustment',
    movementId: varianceAdjustmentId(count.movementId),
    sku: count.sku,
    locationId: count.locationId,
    occurredAt: count.occurredAt,
    causedByMovementId: count.movementId,
    quantity: variance,
    reasonCode: COUNT_VARIANCE_REASON,
  };
  const alert: CountVarianceAlertDraft = {
    kind: 'count-variance',
    sku: count.sku,
    locationId: count.locationId,
    causedByMovementId: count.movementId,
    occurredAt: count.occurredAt,
    onHand: balance.onHand + variance,
    countId: count.countId,
    countedQuantity: count.countedQuantity,
    expectedQuantity: onHandAsOfCount,
    variance,
    varianceValue: multiplyByQuantity(balance.averageUnitCost, variance),
  };
  return { varianceAdjustment, alert, lastCountAt: count.occurredAt };
}

/** True when a count has already seen the shelf after this movement happened. */
export function isCoveredByCount(balance: StockBalance, movement: Movement): boolean {
  if (balance.lastCountAt === null || movement.occurredAt > balance.lastCountAt) {
    return false;
  }
  return !(movement.kind === 'adjustment' && LEDGER_RESERVED_REASONS.includes(movement.reasonCode));
}

/** The adjustment that cancels `onHandDelta` of a movement a count already saw, or null if none is needed. */
export function countCorrectionFor(movement: Movement, onHandDelta: number): AdjustmentMovement | null {
  if (onHandDelta === 0) {
    return null;
  }
  return {
    kind: 'adjustment',
    movementId: countCorrectionId(movement.movementId),
    sku: movement.sku,
    locationId: movement.locationId,
    occurredAt: movement.occurredAt,
    causedByMovementId: movement.movementId,
    quantity: -onHandDelta,
    reasonCode: COUNT_CORRECTION_REASON,
  };
}
