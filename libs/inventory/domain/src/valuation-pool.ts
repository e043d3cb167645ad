// Moving weighted average cost over a pool of units (on hand, or in transit), including what
// happens when the pool is empty or negative. All amounts are bigint ten-thousandths.
//
// THE RULES
// 1. Positive pool: value is the primary figure; unitCost = round(value / units), half to even.
//    Adding at a known cost adds that cost. Removing k of n units removes value x k / n (one
//    rounding), so removing every unit removes exactly the value and nothing is left behind.
// 2. Zero or negative pool: value = units x unitCost EXACTLY, where unitCost is the last known
//    cost. Units removed beyond what the pool holds (a sale into negative stock is never refused)
//    are costed at that last known cost; units added back at average cost also use it.
// 3. Re-basing: units added at a known cost to a pool at or below zero first fill the hole, which
//    was costed at an estimate. The remaining units (if the pool goes positive) carry their share
//    of the new cost, and the new cost becomes unitCost. The difference between what was added
//    and how much the pool's value changed is returned as `trueUp`: the estimate's error on units
//    that already left. The caller books it (cost of goods sold for on hand).
// Hence, at all times: units <= 0 => value = units x unitCost; units > 0 => |value - units x
// unitCost| <= units / 2 ten-thousandths (unitCost is rounded to the nearest ten-thousandth).
import { Money, ZERO_MONEY, divideRounded, mulDiv, multiplyByQuantity } from '@ledgerline/money';

export interface ValuationPool {
  readonly units: number;
  readonly value: Money;
  /** Average cost while units > 0; the last known cost otherwise. */
  readonly unitCost: Money;
}

export interface PoolRemoval {
  readonly pool: ValuationPool;
  /** Value taken out of the pool (the cost of the units removed). */
  readonly removedValue: Money;
}

export interface PoolAddition {
  readonly pool: ValuationPool;
  /** Value put into the pool. Equals the cost added unless the pool was at or below zero. */
  readonly addedValue: Money;
  /** cost - addedValue: the correction of estimates for units that had already left. */
  readonly trueUp: Money;
}

/** Removes `quantity` units at average cost (rules 1 and 2). */
export function removeAtAverageCost(pool: ValuationPool, quantity: number): PoolRemoval {
  const covered = pool.units > 0 ? Math.min(quantity, pool.units) : 0;
  const coveredValue = covered === 0 ? ZERO_MONEY : covered === pool.units ? pool.value : mulDiv(pool.value, covered, pool.units);
  const shortValue = multiplyByQuantity(pool.unitCost, quantity - covered);
  const removedValue = coveredValue + shortValue;
  const units = pool.units - quantity;
  const value = pool.value - removedValue;
  return { pool: { units, value, unitCost: averageOrLastKnown(units, value, pool.unitCost) }, removedValue };
}

/** Adds `quantity` units valued at the pool's own average (returns, voids, positive adjustments). */
export function addAtAverageCost(pool: ValuationPool, quantity: number): PoolAddition {
  const addedValue = multiplyByQuantity(pool.unitCost, quantity);
  const units = pool.units + quantity;
  const value = pool.value + addedValue;
  return { pool: { units, value, unitCost: averageOrLastKnown(units, value, pool.unitCost) }, addedValue, trueUp: ZERO_MONEY };
}

/** Adds `quantity` units that cost `totalCost` altogether (receipts, shipments, arrivals), rule 3. */
export function addAtKnownCost(pool: ValuationPool, quantity: number, totalCost: Money): PoolAddition {
  const units = pool.units + quantity;
  if (pool.units > 0) {
    const value = pool.value + totalCost;
    return { pool: { units, value, unitCost: divideRounded(value, units) }, addedValue: totalCost, trueUp: ZERO_MONEY };
  }
  const newCost = divideRounded(totalCost, quantity);
  // Only the units that end up in the pool keep their cost; the rest filled the hole.
  const value = units > 0 ? mulDiv(totalCost, units, quantity) : multiplyByQuantity(newCost, units);
  const unitCost = units > 0 ? divideRounded(value, units) : newCost;
  const addedValue = value - pool.value;
  return { pool: { units, value, unitCost }, addedValue, trueUp: totalCost - addedValue };
}

function averageOrLastKnown(units: number, value: Money, lastKnown: Money): Money {
  return units > 0 ? divideRounded(value, units) : lastKnown;
}
