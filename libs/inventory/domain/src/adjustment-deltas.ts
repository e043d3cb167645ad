// What a batch of ledger entries adds to the shrinkage report, per location, posting day (UTC)
// and adjustment reason: units and value the adjustments changed on hand by, and how many there
// were. Count variances and count corrections are adjustments the ledger derives, with their own
// reasons; write-offs, losses and found stock are adjustments a producer sends. The ledger writes
// these beside its movements, so a period's shrinkage is read from per-day figures rather than
// summed over its movements. Summed over any split of the entries into batches, they equal the
// sums over the adjustment entries.
import { Money } from '@ledgerline/money';
import { LedgerEntry } from './ledger-entry';
import { postingDayNumberOf } from './closed-periods';

export interface AdjustmentDelta {
  readonly locationId: string;
  /** Posting day of the entries, UTC, YYYY-MM-DD: their business day, or the first open day for one in a closed period (closed-periods.ts). */
  readonly day: string;
  readonly reasonCode: string;
  /** Units the adjustments changed on hand by, signed (negative for a loss). */
  readonly quantity: number;
  /** Value the adjustments changed the inventory value by, signed. */
  readonly value: Money;
  readonly movements: number;
}

const DAY_MS = 86_400_000;

/** `closedThrough`: the day the books are closed through (null: none), whose entries are booked on the first open day. */
export function adjustmentDeltasOf(entries: readonly LedgerEntry[], closedThrough: string | null = null): AdjustmentDelta[] {
  const byLocationDayReason = new Map<string, { locationId: string; dayNumber: number; reasonCode: string; quantity: number; value: Money; movements: number }>();
  for (const { movement, outcome } of entries) {
    if (movement.kind !== 'adjustment') continue;
    const dayNumber = postingDayNumberOf(movement.occurredAt, closedThrough);
    const key = `${movement.locationId}\u0000${dayNumber}\u0000${movement.reasonCode}`;
    let delta = byLocationDayReason.get(key);
    if (delta === undefined) {
      delta = { locationId: movement.locationId, dayNumber, reasonCode: movement.reasonCode, quantity: 0, value: 0n, movements: 0 };
      byLocationDayReason.set(key, delta);
    }
    delta.quantity += outcome.quantityDelta;
    delta.value += outcome.valueDelta;
    delta.movements += 1;
  }
  return [...byLocationDayReason.values()].map(({ dayNumber, ...delta }) => ({ ...delta, day: new Date(dayNumber * DAY_MS).toISOString().slice(0, 10) }));
}
