// Which of two stock-level records of one key is the newer state. A movement raises the
// balanceVersion; a reservation change leaves it and carries its reservationSequence instead.
// The ledger numbers a key's reservation changes in the order they commit, and a movement's
// record states the reserved quantity after every reservation change before it, so ordering by
// (balanceVersion, reservationSequence, absent first) is the order in which the states were made.
import type { StockLevelV1 } from './stock-level.schema';

type Ordered = Pick<StockLevelV1, 'balanceVersion' | 'reservationSequence'>;

/** True when `candidate` is a newer state of its key than `known`; false for the same state or an older one. */
export function isNewerStockLevel(candidate: Ordered, known: Ordered): boolean {
  if (candidate.balanceVersion !== known.balanceVersion) return candidate.balanceVersion > known.balanceVersion;
  return (candidate.reservationSequence ?? 0) > (known.reservationSequence ?? 0);
}
