// A small in-memory ledger with the same idempotency as the real one: a movement id is applied
// at most once, derived movements included. The service de-duplicates in SQL instead; this is
// the reference the tests hold it to, and a harness for simulations.
import { applyMovements } from './apply-movements';
import { earlyArrivalsIn } from './early-arrivals';
import { landedCostBasisIn } from './landed-cost';
import { LedgerEntry, onHandAsOf } from './ledger-entry';
import { Movement } from './movement';
import { AlertDraft } from './stock-alert';
import { BalanceKey, StockBalance, balanceKey, emptyBalance } from './stock-balance';

export interface InMemoryLedger {
  readonly balances: ReadonlyMap<string, StockBalance>;
  readonly appliedIds: ReadonlySet<string>;
  /** Every recorded movement with its outcome, in the order applied. */
  readonly entries: readonly LedgerEntry[];
  /** Derived movements for other keys, as they would be published. */
  readonly outbox: readonly Movement[];
  readonly alerts: readonly AlertDraft[];
}

export interface InMemoryLedgerSettings {
  readonly lowStockThreshold?: (key: BalanceKey) => number | null;
}

export function emptyLedger(): InMemoryLedger {
  return { balances: new Map(), appliedIds: new Set(), entries: [], outbox: [], alerts: [] };
}

export function isDuplicate(ledger: InMemoryLedger, movementId: string): boolean {
  return ledger.appliedIds.has(movementId);
}

export function balanceOf(ledger: InMemoryLedger, sku: string, locationId: string): StockBalance {
  return ledger.balances.get(balanceKey({ sku, locationId })) ?? emptyBalance(sku, locationId);
}

/** Applies `movement` and its same-key derivations unless its id was applied before. Pure: returns a new ledger. */
export function applyOnce(ledger: InMemoryLedger, movement: Movement, settings: InMemoryLedgerSettings = {}): InMemoryLedger {
  if (isDuplicate(ledger, movement.movementId)) {
    return ledger;
  }
  const batch = applyMovements(
    ledger.balances,
    [movement],
    (current, balance, earlierInBatch) => ({
      lowStockThreshold: settings.lowStockThreshold?.(current) ?? null,
      onHandAsOfCount:
        current.kind === 'count'
          ? onHandAsOf(entriesFor(ledger.entries, current), current.occurredAt) + onHandAsOf(earlierInBatch, current.occurredAt)
          : undefined,
      landedCostBasis:
        current.kind === 'landed-cost' ? landedCostBasisIn([...entriesFor(ledger.entries, current), ...earlierInBatch], current.receiptMovementId) : undefined,
      earlyArrivals:
        current.kind === 'transfer-shipped' && balance.inTransit < 0 ? earlyArrivalsIn([...entriesFor(ledger.entries, current), ...earlierInBatch]) : undefined,
    }),
    { isAlreadyApplied: (movementId) => ledger.appliedIds.has(movementId) },
  );
  const balances = new Map(ledger.balances);
  for (const [key, change] of batch.changes) {
    balances.set(key, change.after);
  }
  return {
    balances,
    appliedIds: new Set([...ledger.appliedIds, ...batch.entries.map((entry) => entry.movement.movementId)]),
    entries: [...ledger.entries, ...batch.entries],
    outbox: [...ledger.outbox, ...batch.outbound],
    alerts: [...ledger.alerts, ...batch.alerts],
  };
}

/** Applies each movement in turn with applyOnce. */
export function applyAllOnce(ledger: InMemoryLedger, movements: readonly Movement[], settings: InMemoryLedgerSettings = {}): InMemoryLedger {
  return movements.reduce((current, movement) => applyOnce(current, movement, settings), ledger);
}

function entriesFor(entries: readonly LedgerEntry[], key: BalanceKey): LedgerEntry[] {
  return entries.filter((entry) => entry.movement.sku === key.sku && entry.movement.locationId === key.locationId);
}
