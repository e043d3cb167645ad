// Applies a batch of movements (a Kafka batch, possibly spanning many keys) in order, the way the
// ledger service does inside one database transaction: derived movements for the same key are
// applied at once, derived movements for other keys come back to be published, and the results
// are grouped per key so the service can write each balance once (set-based, version-checked).
// A key valued first in, first out (options.fifo) is applied by applyFifoMovement on its layers,
// every other key by the moving average, as before.
import { Money, ZERO_MONEY } from '@ledgerline/money';
import { ApplyContext, MovementOutcome, applyMovement, isForBalance } from './apply-movement';
import { KeyLayers, NO_LAYERS, applyFifoMovement } from './apply-fifo-movement';
import { LedgerEntry } from './ledger-entry';
import { Movement } from './movement';
import { AlertDraft } from './stock-alert';
import { StockBalance, balanceKey, emptyBalance } from './stock-balance';
import { ValuationMethod, applyValuationMethodChange } from './valuation-method';

/**
 * Supplies the context of one movement. `earlierInBatch` lists the entries already applied to the
 * same key in this batch, which the database does not hold yet (add them to a count's on hand).
 */
export type ContextProvider = (movement: Movement, balance: StockBalance, earlierInBatch: readonly LedgerEntry[]) => ApplyContext;

export interface ApplyMovementsOptions {
  /** Movement ids already in the ledger; such movements (incoming or derived) are skipped. */
  readonly isAlreadyApplied?: (movementId: string) => boolean;
  /**
   * The layers of the key of `movement` (the first of the batch for its key) if it is valued
   * first in, first out, as last committed; undefined for a key valued at moving average.
   * Without it every key is valued at moving average.
   */
  readonly fifoLayersOf?: (movement: Movement) => KeyLayers | undefined;
}

/** A FIFO key's layers as read and as the batch leaves them (none for a pool at moving average). */
export interface LayerChange {
  readonly before: KeyLayers;
  readonly after: KeyLayers;
}

export interface BalanceChange {
  readonly before: StockBalance;
  readonly after: StockBalance;
  /** Entries recorded for this key, in the order applied, derived ones included. */
  readonly entries: readonly LedgerEntry[];
  readonly quantityDelta: number;
  readonly valueDelta: Money;
  readonly costOfGoodsSold: Money;
  /** How the key is valued after the batch. */
  readonly valuationMethod: ValuationMethod;
  /** Present for a key valued first in, first out when read or after the batch. */
  readonly layers?: LayerChange;
}

export interface BatchOutcome {
  /** Touched balances only, by `sku@locationId`. */
  readonly changes: ReadonlyMap<string, BalanceChange>;
  /** Every recorded entry across keys, in the order applied. */
  readonly entries: readonly LedgerEntry[];
  /** Derived movements for other keys, to publish under their own key. */
  readonly outbound: readonly Movement[];
  readonly alerts: readonly AlertDraft[];
  /** Ids skipped because they were already applied or repeated within the batch. */
  readonly skippedDuplicates: readonly string[];
}

export function applyMovements(
  balances: ReadonlyMap<string, StockBalance>,
  movements: readonly Movement[],
  contextFor: ContextProvider,
  options: ApplyMovementsOptions = {},
): BatchOutcome {
  const isAlreadyApplied = options.isAlreadyApplied ?? (() => false);
  const fifoLayersOf = options.fifoLayersOf ?? (() => undefined);
  const seen = new Set<string>();
  const changes = new Map<string, MutableChange>();
  const entries: LedgerEntry[] = [];
  const outbound: Movement[] = [];
  const alerts: AlertDraft[] = [];
  const skippedDuplicates: string[] = [];

  for (const incoming of movements) {
    // Depth first: a movement's same-key derivations are applied before the next movement.
    const pending: Movement[] = [incoming];
    for (let movement = pending.shift(); movement !== undefined; movement = pending.shift()) {
      if (seen.has(movement.movementId) || isAlreadyApplied(movement.movementId)) {
        skippedDuplicates.push(movement.movementId);
        continue;
      }
      const key = balanceKey(movement);
      const change = changes.get(key) ?? startChange(balances.get(key) ?? emptyBalance(movement.sku, movement.locationId), fifoLayersOf(movement));
      const context = contextFor(movement, change.after, change.entries);
      let outcome: MovementOutcome;
      if (movement.kind === 'valuation-method-change') {
        const changed = applyValuationMethodChange(change.after, change.valuationMethod === 'fifo' ? change.layers?.after : undefined, movement, context);
        change.layers = { before: change.layers?.before ?? NO_LAYERS, after: changed.layers ?? NO_LAYERS };
        change.valuationMethod = movement.method;
        outcome = changed.outcome;
      } else if (change.valuationMethod !== 'fifo' || change.layers === undefined) outcome = applyMovement(change.after, movement, context);
      else {
        const fifo = applyFifoMovement(change.after, change.layers.after, movement, context);
        change.layers.after = fifo.layers;
        outcome = fifo;
      }
      const entry: LedgerEntry = { movement, outcome };
      seen.add(movement.movementId);
      entries.push(entry);
      if (outcome.alerts.length > 0) alerts.push(...outcome.alerts);
      // Local and unshared, so updated in place: a batch can hold thousands of one hot SKU.
      change.after = outcome.balance;
      change.entries.push(entry);
      change.quantityDelta += outcome.quantityDelta;
      change.valueDelta += outcome.valueDelta;
      change.costOfGoodsSold += outcome.costOfGoodsSold;
      changes.set(key, change);
      // Most movements derive nothing; the filters below would allocate for every one of them.
      if (outcome.derived.length === 0) continue;
      const sameKey = outcome.derived.filter((derived) => isForBalance(derived, movement));
      outbound.push(...outcome.derived.filter((derived) => !isForBalance(derived, movement)));
      pending.unshift(...sameKey);
    }
  }
  return { changes, entries, outbound, alerts, skippedDuplicates };
}

interface MutableChange {
  readonly before: StockBalance;
  after: StockBalance;
  readonly entries: LedgerEntry[];
  quantityDelta: number;
  valueDelta: Money;
  costOfGoodsSold: Money;
  valuationMethod: ValuationMethod;
  layers?: { readonly before: KeyLayers; after: KeyLayers };
}

function startChange(balance: StockBalance, layers: KeyLayers | undefined): MutableChange {
  const fifo = layers !== undefined;
  const change: MutableChange = {
    before: balance,
    after: balance,
    entries: [],
    quantityDelta: 0,
    valueDelta: ZERO_MONEY,
    costOfGoodsSold: ZERO_MONEY,
    valuationMethod: fifo ? 'fifo' : 'moving-average',
  };
  if (fifo) change.layers = { before: layers, after: layers };
  return change;
}
