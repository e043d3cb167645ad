// Recomputes a balance from its recorded ledger, for the drift check (stored balance versus the
// ledger) and for "stock as of" queries. The recorded ledger already holds every derived
// movement, so replay applies each recorded movement and ignores what it would derive again.
import { applyMovement } from './apply-movement';
import { earlyArrivalsIn } from './early-arrivals';
import { landedCostBasisIn } from './landed-cost';
import { LedgerEntry, onHandAsOf } from './ledger-entry';
import { Movement } from './movement';
import { BalanceKey, StockBalance, emptyBalance } from './stock-balance';

/**
 * Folds the recorded movements of one key, in recorded order, from an empty balance. A repeated
 * movement id is skipped, as the ledger would. Throws LEDGER.KEY_MISMATCH for another key.
 */
export function replayBalance(key: BalanceKey, recorded: Iterable<Movement>): StockBalance {
  let balance = emptyBalance(key.sku, key.locationId);
  const seen = new Set<string>();
  const replayed: LedgerEntry[] = [];
  for (const movement of recorded) {
    if (seen.has(movement.movementId)) {
      continue;
    }
    seen.add(movement.movementId);
    // Only needed so a count can be applied; its variance is a recorded movement of its own.
    const onHandAsOfCount = movement.kind === 'count' ? onHandAsOf(replayed, movement.occurredAt) : undefined;
    // A landed cost finds its receipt among the key's movements replayed before it.
    const landedCostBasis = movement.kind === 'landed-cost' ? landedCostBasisIn(replayed, movement.receiptMovementId) : undefined;
    // A shipment filling in transit below zero finds the early arrivals it corrects the same way.
    const earlyArrivals = movement.kind === 'transfer-shipped' && balance.inTransit < 0 ? earlyArrivalsIn(replayed) : undefined;
    const outcome = applyMovement(balance, movement, { onHandAsOfCount, landedCostBasis, earlyArrivals });
    replayed.push({ movement, outcome });
    balance = outcome.balance;
  }
  return balance;
}
