// What a batch of ledger entries adds to the period report's landed-cost figures, per location,
// posting day (UTC) and cost type: the value landed costs added to (or, corrections, took from)
// the shelf, the cost-of-goods variance derived for units no longer there, and how many landed
// costs there were. Revalued plus variance is what the landed costs posted, to the ten-thousandth.
// Summed over any split of the entries into batches, they equal the sums over the entries.
import { Money } from '@ledgerline/money';
import { LedgerEntry } from './ledger-entry';
import { postingDayNumberOf } from './closed-periods';

export interface LandedCostDelta {
  readonly locationId: string;
  /** Posting day of the entries, UTC, YYYY-MM-DD: their business day, or the first open day for one in a closed period (closed-periods.ts). */
  readonly day: string;
  readonly costType: string;
  /** Value the landed costs changed the shelf by, signed. */
  readonly revalued: Money;
  /** Cost of goods sold their variances booked, signed. */
  readonly variance: Money;
  /** Landed costs posted (their variances are not counted apart). */
  readonly movements: number;
}

const DAY_MS = 86_400_000;

/** `closedThrough`: the day the books are closed through (null: none), whose entries are booked on the first open day. */
export function landedCostDeltasOf(entries: readonly LedgerEntry[], closedThrough: string | null = null): LandedCostDelta[] {
  const byLocationDayType = new Map<string, { locationId: string; dayNumber: number; costType: string; revalued: Money; variance: Money; movements: number }>();
  for (const { movement, outcome } of entries) {
    if (movement.kind !== 'landed-cost' && movement.kind !== 'landed-cost-variance') continue;
    const dayNumber = postingDayNumberOf(movement.occurredAt, closedThrough);
    const key = `${movement.locationId}\u0000${dayNumber}\u0000${movement.costType}`;
    let delta = byLocationDayType.get(key);
    if (delta === undefined) {
      delta = { locationId: movement.locationId, dayNumber, costType: movement.costType, revalued: 0n, variance: 0n, movements: 0 };
      byLocationDayType.set(key, delta);
    }
    if (movement.kind === 'landed-cost') {
      delta.revalued += outcome.valueDelta;
      delta.movements += 1;
    } else {
      delta.variance += outcome.costOfGoodsSold;
    }
  }
  return [...byLocationDayType.values()].map(({ dayNumber, ...delta }) => ({ ...delta, day: new Date(dayNumber * DAY_MS).toISOString().slice(0, 10) }));
}
