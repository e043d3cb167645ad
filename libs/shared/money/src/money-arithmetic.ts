// Arithmetic on Money that keeps amounts exact: multiplication by whole quantities is exact, and
// every division rounds exactly once, half to even (see rounding.ts for why).
import { Money, ZERO_MONEY } from './money';
import { IntegerOperand, divideHalfEven, toBigIntOperand } from './rounding';

/** amount x quantity, exact. `quantity` is a whole number of units (may be negative). */
export function multiplyByQuantity(amount: Money, quantity: IntegerOperand): Money {
  return amount * toBigIntOperand(quantity, 'quantity');
}

/** amount / divisor, rounded half to even to the nearest ten-thousandth. */
export function divideRounded(amount: Money, divisor: IntegerOperand): Money {
  return divideHalfEven(amount, toBigIntOperand(divisor, 'divisor'));
}

/**
 * amount x numerator / denominator with a single rounding at the end (half to even), so a
 * proportion of a value (e.g. the cost of 3 of 7 units) loses at most half a ten-thousandth.
 */
export function mulDiv(amount: Money, numerator: IntegerOperand, denominator: IntegerOperand): Money {
  return divideHalfEven(amount * toBigIntOperand(numerator, 'numerator'), toBigIntOperand(denominator, 'denominator'));
}

export function sumMoney(amounts: Iterable<Money>): Money {
  let total = ZERO_MONEY;
  for (const amount of amounts) {
    total += amount;
  }
  return total;
}

export function negateMoney(amount: Money): Money {
  // Written as 0n - amount so that negating zero stays 0n (bigint has no negative zero anyway).
  return ZERO_MONEY - amount;
}

export function absMoney(amount: Money): Money {
  return amount < 0n ? -amount : amount;
}
