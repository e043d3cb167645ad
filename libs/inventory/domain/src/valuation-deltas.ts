// What a batch of ledger entries changes in the valuation totals, per location and business day
// (UTC): on hand, inventory value, in-transit value, cost of goods sold, and the balances it
// opened. The ledger writes these beside its movements and folds them into running totals, so a
// valuation or a period's cost of goods sold is read from totals rather than summed over history.
// Summed over any split of the entries into batches, they equal the sums over the entries, and so
// the balances (a balance is the sum of its entries).
import { Money } from '@ledgerline/money';
import { LedgerEntry } from './ledger-entry';

export interface ValuationDelta {
  readonly locationId: string;
  /** Business day of the entries, UTC, YYYY-MM-DD. */
  readonly day: string;
  readonly onHand: number;
  readonly inventoryValue: Money;
  readonly inTransitValue: Money;
  readonly costOfGoodsSold: Money;
  /** Balances opened: entries that are their key's first (version 1). */
  readonly balances: number;
}

const DAY_MS = 86_400_000;

export function valuationDeltasOf(entries: readonly LedgerEntry[]): ValuationDelta[] {
  const byLocationDay = new Map<string, { locationId: string; dayNumber: number; onHand: number; inventoryValue: Money; inTransitValue: Money; costOfGoodsSold: Money; balances: number }>();
  for (const { movement, outcome } of entries) {
    const dayNumber = Math.floor(movement.occurredAt / DAY_MS);
    const key = `${movement.locationId}\u0000${dayNumber}`;
    let delta = byLocationDay.get(key);
    if (delta === undefined) {
      delta = { locationId: movement.locationId, dayNumber, onHand: 0, inventoryValue: 0n, inTransitValue: 0n, costOfGoodsSold: 0n, balances: 0 };
      byLocationDay.set(key, delta);
    }
    delta.onHand += outcome.quantityDelta;
    delta.inventoryValue += outcome.valueDelta;
    delta.inTransitValue += outcome.inTransitValueDelta;
    delta.costOfGoodsSold += outcome.costOfGoodsSold;
    if (outcome.balance.version === 1) delta.balances += 1;
  }
  const deltas: ValuationDelta[] = [];
  for (const { dayNumber, ...delta } of byLocationDay.values()) {
    // Entries that change none of these (orders placed, a count that agrees) need no row.
    if (delta.onHand === 0 && delta.inventoryValue === 0n && delta.inTransitValue === 0n && delta.costOfGoodsSold === 0n && delta.balances === 0) continue;
    deltas.push({ ...delta, day: new Date(dayNumber * DAY_MS).toISOString().slice(0, 10) });
  }
  return deltas;
}
