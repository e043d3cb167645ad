// A key valued first in, first out, driven the way the ledger drives a key: each movement applied
// with the context the ledger would look up from the key's recorded entries, and its derived
// movements for the same key applied at once, in order. Shipments for other keys are collected.
// A key that changed method starts from its balance, the layers the change opened and the entries
// recorded before (the context reads them as the ledger would: a count's on hand, a receipt).
import { FifoMovementOutcome, KeyLayers, LedgerEntry, Movement, NO_LAYERS, StockBalance, applyFifoMovement, earlyArrivalsIn, emptyBalance, isForBalance, landedCostBasisIn, onHandAsOf } from '../src/index';

export interface FifoEntry {
  readonly movement: Movement;
  readonly outcome: FifoMovementOutcome;
}

export interface FifoKey {
  readonly balance: StockBalance;
  readonly layers: KeyLayers;
  /** Recorded entries of this key, derived ones included, in the order applied. */
  readonly entries: readonly FifoEntry[];
  /** Derived movements for other keys (shipments), in the order derived. */
  readonly outbound: readonly Movement[];
  /** Entries recorded before the key was valued by layers. */
  readonly history: readonly LedgerEntry[];
}

export function emptyFifoKey(sku: string, locationId: string, start: { balance?: StockBalance; layers?: KeyLayers; history?: readonly LedgerEntry[] } = {}): FifoKey {
  return { balance: start.balance ?? emptyBalance(sku, locationId), layers: start.layers ?? NO_LAYERS, entries: [], outbound: [], history: start.history ?? [] };
}

export function applyToFifoKey(key: FifoKey, incoming: Movement): FifoKey {
  let { balance, layers } = key;
  const entries = [...key.entries];
  const recorded = (): LedgerEntry[] => [...key.history, ...entries];
  const outbound = [...key.outbound];
  const pending: Movement[] = [incoming];
  for (let movement = pending.shift(); movement !== undefined; movement = pending.shift()) {
    const outcome = applyFifoMovement(balance, layers, movement, {
      onHandAsOfCount: movement.kind === 'count' ? onHandAsOf(recorded(), movement.occurredAt) : undefined,
      landedCostBasis: movement.kind === 'landed-cost' ? landedCostBasisIn(recorded(), movement.receiptMovementId) : undefined,
      earlyArrivals: movement.kind === 'transfer-shipped' && balance.inTransit < 0 ? earlyArrivalsIn(recorded()) : undefined,
    });
    entries.push({ movement, outcome });
    balance = outcome.balance;
    layers = outcome.layers;
    const current = movement;
    pending.unshift(...outcome.derived.filter((derived) => isForBalance(derived, current)));
    outbound.push(...outcome.derived.filter((derived) => !isForBalance(derived, current)));
  }
  return { balance, layers, entries, outbound, history: key.history };
}

export function applyAllToFifoKey(key: FifoKey, movements: readonly Movement[]): FifoKey {
  return movements.reduce(applyToFifoKey, key);
}
