// Changing the valuation method of an item, a dated event applied to each of its keys
// (docs/valuation.md, "Changing an item's method"). Neither direction changes a figure: the
// balance keeps its units and exact values, and only the way they are held changes.
import { ApplyContext, MovementOutcome, applyMovement } from './apply-movement';
import { KeyLayers, applyFifoMovement, poolsOf, shownUnitCost } from './apply-fifo-movement';
import type { ValuationMethodChangeMovement } from './movement';
import { StockBalance } from './stock-balance';

export type ValuationMethod = 'moving-average' | 'fifo';

export const VALUATION_METHODS: readonly ValuationMethod[] = ['moving-average', 'fifo'];

/**
 * Moving average to FIFO at `changedAt`: on hand and in transit each become one layer holding
 * their units and exact value, dated at the change (none at or below zero, where the average's
 * last cost is already the pool's last cost). The balance itself is unchanged.
 */
export function layersAtChangeToFifo(balance: StockBalance, changedAt: number): KeyLayers {
  const layers: KeyLayers = {
    onHand: balance.onHand > 0 ? [{ receivedAt: changedAt, units: balance.onHand, value: balance.inventoryValue }] : [],
    inTransit: balance.inTransit > 0 ? [{ receivedAt: changedAt, units: balance.inTransit, value: balance.inTransitValue }] : [],
  };
  // Refuses a balance whose figures no pool could hold (a negative value above zero units, an inexact hole).
  poolsOf(balance, layers);
  return layers;
}

/**
 * FIFO to moving average: the layers collapse into the pool, whose value is already their sum.
 * Returns the balance the average goes on from, refused when the layers disagree with it.
 */
export function balanceAtChangeToAverage(balance: StockBalance, layers: KeyLayers): StockBalance {
  const { onHand } = poolsOf(balance, layers);
  return { ...balance, averageUnitCost: shownUnitCost(onHand) };
}

/**
 * Applies a change of method to one key: `layers` are the key's layers while it is valued first in,
 * first out, undefined while at moving average. Recorded like any movement (a new version, every
 * delta zero); returns the layers the key is valued on after it, undefined at moving average. A
 * change to the method the key already has changes nothing but the version.
 */
export function applyValuationMethodChange(
  balance: StockBalance,
  layers: KeyLayers | undefined,
  movement: ValuationMethodChangeMovement,
  context: ApplyContext = {},
): { readonly outcome: MovementOutcome; readonly layers: KeyLayers | undefined } {
  if (movement.method === 'fifo') {
    const held = layers ?? layersAtChangeToFifo(balance, movement.occurredAt);
    const outcome = applyFifoMovement(balance, held, movement, context);
    return { outcome, layers: outcome.layers };
  }
  const pooled = layers === undefined ? balance : balanceAtChangeToAverage(balance, layers);
  return { outcome: applyMovement(pooled, movement, context), layers: undefined };
}
