// A cost that reaches the ledger after the units it belongs to: a landed cost for a receipt's
// units, or a shipment's exact value for units put on the shelf before it at an estimate
// (docs/valuation.md, "Landed costs and cost corrections"). Both split it the same way. The units
// still on the shelf are counted first in, first out: the shelf holds the newest units to arrive,
// so of units that came onto it, those still there are on hand less every unit that arrived after
// them, at most their number and never below zero. Their share of the amount revalues the shelf
// (into the average); the rest belongs to units sold, moved away or never on the shelf (they
// filled negative stock) and is cost of goods sold. One rounding: the shelf's share is amount x
// units still on hand / units the amount is for, half to even, and cost of goods sold is the
// amount less what the shelf took, so the two always add up to the amount.
import { Money, ZERO_MONEY, divideRounded, maxMoney, mulDiv } from '@ledgerline/money';
import { ValuationPool } from './valuation-pool';

export interface ShelfCorrection {
  readonly onHand: ValuationPool;
  /** The part of the amount the shelf did not take: cost of goods sold. */
  readonly toCostOfGoodsSold: Money;
}

/** Of `quantity` units that came onto the shelf, those still there, first in first out: on hand less what arrived since, within 0..quantity. */
export function unitsStillOnHand(onHand: number, quantity: number, arrivedSince: number): number {
  return Math.min(quantity, Math.max(0, onHand - arrivedSince));
}

/** Splits `amount`, a cost of `unitsCorrected` units of which `unitsStillHeld` are on the shelf, between the shelf and cost of goods sold. */
export function correctShelfCost(pool: ValuationPool, amount: Money, unitsStillHeld: number, unitsCorrected: number): ShelfCorrection {
  if (unitsStillHeld === 0 || amount === ZERO_MONEY) return { onHand: pool, toCostOfGoodsSold: amount };
  const share = mulDiv(amount, unitsStillHeld, unitsCorrected);
  // A negative correction never takes the shelf below zero; what it cannot absorb is cost of goods sold.
  const value = maxMoney(ZERO_MONEY, pool.value + share);
  const absorbed = value - pool.value;
  return { onHand: { units: pool.units, value, unitCost: divideRounded(value, pool.units) }, toCostOfGoodsSold: amount - absorbed };
}
