// Ordering helpers for Money, so callers never compare amounts through Number().
import { Money, ZERO_MONEY } from './money';

/** -1 when a < b, 0 when equal, 1 when a > b; usable directly as an Array.sort comparator. */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

export function isZeroMoney(amount: Money): boolean {
  return amount === ZERO_MONEY;
}

export function minMoney(first: Money, ...rest: Money[]): Money {
  return rest.reduce((smallest, amount) => (amount < smallest ? amount : smallest), first);
}

export function maxMoney(first: Money, ...rest: Money[]): Money {
  return rest.reduce((largest, amount) => (amount > largest ? amount : largest), first);
}
