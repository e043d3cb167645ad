// One recorded row of the ledger: a movement and what applying it did. The app persists these
// (one row per movement, derived ones included); onHandAsOf answers a count's question from them.
import { Movement } from './movement';
import { MovementOutcome } from './apply-movement';

export interface LedgerEntry {
  readonly movement: Movement;
  readonly outcome: MovementOutcome;
}

/** Sum of on-hand effects of the entries dated at or before `at` (ms epoch). */
export function onHandAsOf(entries: Iterable<LedgerEntry>, at: number): number {
  let onHand = 0;
  for (const entry of entries) {
    if (entry.movement.occurredAt <= at) {
      onHand += entry.outcome.quantityDelta;
    }
  }
  return onHand;
}
