// Which of the states an operator filters a location's balances by a balance is in: negative (on
// hand below zero), out of stock (zero), low (above zero, at or below its item's low-stock
// threshold), or none of these. Every balance is in at most one of them, so a location's count
// of each can be kept by adding, per change, one for the state entered and taking one for the
// state left.
export type StockState = 'negative' | 'stockout' | 'low';

export function stockStateOf(onHand: number, lowStockThreshold: number | null): StockState | null {
  if (onHand < 0) return 'negative';
  if (onHand === 0) return 'stockout';
  if (lowStockThreshold !== null && onHand <= lowStockThreshold) return 'low';
  return null;
}

/** Balances per state, as a change (entered less left) or as a count. */
export interface StockStateCounts {
  negative: number;
  stockout: number;
  low: number;
}

/** Adds `sign` to the count of `state` (nothing for a balance in none of them). */
export function countStockState(counts: StockStateCounts, state: StockState | null, sign: 1 | -1): void {
  if (state !== null) counts[state] += sign;
}
