// What a batch of ledger entries changes in the valuation totals, per location and posting day
// (UTC): on hand, inventory value, in-transit value, cost of goods sold, the balances it opened,
// and how many balances entered or left the negative, out-of-stock and low states (stock-state.ts).
// The ledger writes these beside its movements and folds them into running totals, so a
// valuation, a period's cost of goods sold or a location's summary is read from totals rather
// than summed over history or over the location's balances. Summed over any split of the entries
// into batches, they equal the sums over the entries, and so the balances (a balance is the sum of
// its entries). A balance's state is counted under a threshold the ledger records on it: a batch
// takes each key from the state counted under the recorded threshold to the state under the
// item's threshold now, and a threshold change re-counts its item's balances.
import { Money } from '@ledgerline/money';
import { LedgerEntry } from './ledger-entry';
import { postingDayNumberOf } from './closed-periods';
import { countStockState, stockStateOf, type StockStateCounts } from './stock-state';

export interface ValuationDelta extends StockStateCounts {
  readonly locationId: string;
  /** Posting day of the entries, UTC, YYYY-MM-DD: their business day, or the first open day for one in a closed period (closed-periods.ts). */
  readonly day: string;
  readonly onHand: number;
  readonly inventoryValue: Money;
  readonly inTransitValue: Money;
  readonly costOfGoodsSold: Money;
  /** Balances opened: entries that are their key's first (version 1). */
  readonly balances: number;
}

const DAY_MS = 86_400_000;

/** The low-stock thresholds a batch's states are counted under; null where there is none. */
export interface StateThresholds {
  /** The item's threshold now: what each balance's state after the batch is counted under. */
  current(sku: string): number | null;
  /** What the balance's state before the batch was counted under. */
  counted(sku: string, locationId: string): number | null;
}

const NO_THRESHOLDS: StateThresholds = { current: () => null, counted: () => null };

/** `closedThrough`: the day the books are closed through (null: none), whose entries are booked on the first open day. */
export function valuationDeltasOf(entries: readonly LedgerEntry[], thresholds: StateThresholds = NO_THRESHOLDS, closedThrough: string | null = null): ValuationDelta[] {
  const keysSeen = new Set<string>();
  const byLocationDay = new Map<
    string,
    StockStateCounts & { locationId: string; dayNumber: number; onHand: number; inventoryValue: Money; inTransitValue: Money; costOfGoodsSold: Money; balances: number }
  >();
  for (const { movement, outcome } of entries) {
    const dayNumber = postingDayNumberOf(movement.occurredAt, closedThrough);
    const key = `${movement.locationId}\u0000${dayNumber}`;
    let delta = byLocationDay.get(key);
    if (delta === undefined) {
      delta = { locationId: movement.locationId, dayNumber, onHand: 0, inventoryValue: 0n, inTransitValue: 0n, costOfGoodsSold: 0n, balances: 0, negative: 0, stockout: 0, low: 0 };
      byLocationDay.set(key, delta);
    }
    delta.onHand += outcome.quantityDelta;
    delta.inventoryValue += outcome.valueDelta;
    delta.inTransitValue += outcome.inTransitValueDelta;
    delta.costOfGoodsSold += outcome.costOfGoodsSold;
    if (outcome.balance.version === 1) delta.balances += 1;
    // Each entry raised its key's version by one and moved on hand by its quantityDelta: the state
    // before it is that of on hand less the delta (under the recorded threshold for the key's first
    // entry here), and a key at version 1 was no balance before.
    const balanceKey = `${movement.sku}\u0000${movement.locationId}`;
    const firstOfKey = !keysSeen.has(balanceKey);
    if (firstOfKey) keysSeen.add(balanceKey);
    const current = thresholds.current(movement.sku);
    const before = firstOfKey ? thresholds.counted(movement.sku, movement.locationId) : current;
    if (outcome.quantityDelta !== 0 || outcome.balance.version === 1 || before !== current) {
      countStockState(delta, stockStateOf(outcome.balance.onHand, current), 1);
      if (outcome.balance.version > 1) countStockState(delta, stockStateOf(outcome.balance.onHand - outcome.quantityDelta, before), -1);
    }
  }
  const deltas: ValuationDelta[] = [];
  for (const { dayNumber, ...delta } of byLocationDay.values()) {
    // Entries that change none of these (orders placed, a count that agrees) need no row.
    const statesUnchanged = delta.negative === 0 && delta.stockout === 0 && delta.low === 0;
    if (delta.onHand === 0 && delta.inventoryValue === 0n && delta.inTransitValue === 0n && delta.costOfGoodsSold === 0n && delta.balances === 0 && statesUnchanged) continue;
    deltas.push({ ...delta, day: new Date(dayNumber * DAY_MS).toISOString().slice(0, 10) });
  }
  return deltas;
}
