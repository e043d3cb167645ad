// Current stock as the compacted stock-levels topic tells it, with the catalog's low-stock
// thresholds beside it: how many balances are tracked, which are negative, out of stock or low,
// and what the stock is worth. Keeps the newest record per key (isNewerStockLevel: the balance
// version, then the reservation change), because compaction keeps the last write, not
// necessarily the newest balance. Counts, the total value,
// the balances that need attention and the most recent ones are kept up to date as records
// arrive, so a summary costs what changed since the last one, not a pass over every balance; an
// unchanged board answers the summary it already made.
import { isNewerStockLevel, stockKey, type CatalogItemV1, type StockLevelV1 } from '@ledgerline/contracts';
import { formatMoney, parseMoney } from '@ledgerline/money';

export type StockState = 'negative' | 'stockout' | 'low' | 'ok';

export interface StockRow {
  readonly sku: string;
  readonly locationId: string;
  readonly onHand: number;
  readonly onOrder: number;
  readonly inTransit: number;
  readonly threshold: number | null;
  readonly inventoryValue: string;
  readonly state: StockState;
  readonly updatedAt: string;
}

export interface StockSummary {
  readonly tracked: number;
  readonly negative: number;
  readonly stockout: number;
  readonly low: number;
  readonly inventoryValue: string;
  /** Negative balances, most negative first. */
  readonly negativeRows: readonly StockRow[];
  /** Out of stock and low balances, the emptiest relative to its threshold first. */
  readonly lowRows: readonly StockRow[];
  /** The balances that changed last, newest first. */
  readonly recentRows: readonly StockRow[];
}

export function stockState(onHand: number, threshold: number | null): StockState {
  if (onHand < 0) return 'negative';
  if (onHand === 0) return 'stockout';
  if (threshold !== null && onHand <= threshold) return 'low';
  return 'ok';
}

interface Entry {
  readonly level: StockLevelV1;
  readonly value: bigint;
  readonly updatedMs: number;
  state: StockState;
}

export class StockBoard {
  private readonly entries = new Map<string, Entry>();
  private readonly thresholds = new Map<string, number>();
  private readonly keysBySku = new Map<string, Set<string>>();
  private readonly counts: Record<StockState, number> = { negative: 0, stockout: 0, low: 0, ok: 0 };
  /** Keys that are negative, out of stock or low: the only ones the attention lists sort. */
  private readonly attention = new Set<string>();
  private totalValue = 0n;
  /** The newest `recentCapacity` keys, newest first; rebuilt from every entry only after one left it. */
  private recent: string[] = [];
  private recentIncomplete = false;
  private changes = 0;
  private cached: { changes: number; topN: number; summary: StockSummary } | undefined;

  constructor(private readonly recentCapacity = 50) {}

  /** Applies a stock level; returns false when an older balance arrived after a newer one. */
  applyLevel(level: StockLevelV1): boolean {
    const key = stockKey(level.sku, level.locationId);
    const known = this.entries.get(key);
    if (known && !isNewerStockLevel(level, known.level)) return false;
    if (known) this.forget(key, known);
    const wasRecent = known !== undefined && this.dropFromRecent(key);
    const entry: Entry = { level, value: parseMoney(level.inventoryValue), updatedMs: Date.parse(level.updatedAt), state: stockState(level.onHand, this.thresholdOf(level.sku)) };
    this.entries.set(key, entry);
    this.keysOf(level.sku).add(key);
    this.totalValue += entry.value;
    this.count(key, entry.state, +1);
    this.placeInRecent(key, entry, wasRecent);
    this.changes++;
    return true;
  }

  /** A tombstone on the compacted topic: the balance is gone. */
  removeLevel(key: string): void {
    const known = this.entries.get(key);
    if (!known) return;
    this.forget(key, known);
    this.entries.delete(key);
    this.keysBySku.get(known.level.sku)?.delete(key);
    // Another balance may belong in its place; only a pass over all of them can tell which.
    if (this.dropFromRecent(key) && this.entries.size > this.recent.length) this.recentIncomplete = true;
    this.changes++;
  }

  applyItem(item: CatalogItemV1): void {
    if (this.thresholds.get(item.sku) === item.lowStockThreshold) return;
    this.thresholds.set(item.sku, item.lowStockThreshold);
    for (const key of this.keysBySku.get(item.sku) ?? []) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      this.count(key, entry.state, -1);
      entry.state = stockState(entry.level.onHand, item.lowStockThreshold);
      this.count(key, entry.state, +1);
    }
    this.changes++;
  }

  get size(): number {
    return this.entries.size;
  }

  summary(topN: number): StockSummary {
    if (this.cached?.changes === this.changes && this.cached.topN === topN) return this.cached.summary;
    if (this.recentIncomplete) this.rebuildRecent();
    const attention = [...this.attention].map((key) => this.row(this.entries.get(key) as Entry));
    const negativeRows = attention.filter((row) => row.state === 'negative').sort((a, b) => a.onHand - b.onHand || compareKeys(a, b));
    const lowRows = attention.filter((row) => row.state !== 'negative').sort((a, b) => fillRatio(a) - fillRatio(b) || a.onHand - b.onHand || compareKeys(a, b));
    const summary: StockSummary = {
      tracked: this.entries.size,
      negative: this.counts.negative,
      stockout: this.counts.stockout,
      low: this.counts.low,
      inventoryValue: formatMoney(this.totalValue),
      negativeRows: negativeRows.slice(0, topN),
      lowRows: lowRows.slice(0, topN),
      recentRows: this.recent.slice(0, topN).map((key) => this.row(this.entries.get(key) as Entry)),
    };
    this.cached = { changes: this.changes, topN, summary };
    return summary;
  }

  private forget(key: string, entry: Entry): void {
    this.totalValue -= entry.value;
    this.count(key, entry.state, -1);
  }

  private dropFromRecent(key: string): boolean {
    const index = this.recent.indexOf(key);
    if (index < 0) return false;
    this.recent.splice(index, 1);
    return true;
  }

  private count(key: string, state: StockState, delta: 1 | -1): void {
    this.counts[state] += delta;
    if (state === 'ok') return;
    if (delta > 0) this.attention.add(key);
    else this.attention.delete(key);
  }

  /**
   * Keeps `recent` the newest balances. A balance that was in it and is now older than all the
   * others there may have been overtaken by one outside it, which only a full pass can find.
   */
  private placeInRecent(key: string, entry: Entry, wasRecent: boolean): void {
    if (this.recentIncomplete) return;
    const newer = (other: string) => compareRecent(this.entries.get(other) as Entry, other, entry, key) < 0;
    let low = 0;
    let high = this.recent.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (newer(this.recent[middle] as string)) low = middle + 1;
      else high = middle;
    }
    if (wasRecent && low === this.recent.length && this.entries.size > this.recent.length + 1) {
      this.recentIncomplete = true;
      return;
    }
    if (low >= this.recentCapacity) return;
    this.recent.splice(low, 0, key);
    if (this.recent.length > this.recentCapacity) this.recent.pop();
  }

  private rebuildRecent(): void {
    this.recent = [...this.entries.entries()]
      .sort(([keyA, a], [keyB, b]) => compareRecent(a, keyA, b, keyB))
      .slice(0, this.recentCapacity)
      .map(([key]) => key);
    this.recentIncomplete = false;
  }

  private thresholdOf(sku: string): number | null {
    return this.thresholds.get(sku) ?? null;
  }

  private keysOf(sku: string): Set<string> {
    let keys = this.keysBySku.get(sku);
    if (!keys) {
      keys = new Set();
      this.keysBySku.set(sku, keys);
    }
    return keys;
  }

  private row({ level, state }: Entry): StockRow {
    return {
      sku: level.sku,
      locationId: level.locationId,
      onHand: level.onHand,
      onOrder: level.onOrder,
      inTransit: level.inTransit,
      threshold: this.thresholdOf(level.sku),
      inventoryValue: level.inventoryValue,
      state,
      updatedAt: level.updatedAt,
    };
  }
}

/** Newest first, then by key, so equal times list in a stable order. */
function compareRecent(a: Entry, keyA: string, b: Entry, keyB: string): number {
  return b.updatedMs - a.updatedMs || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0);
}

function fillRatio(row: StockRow): number {
  return row.threshold && row.threshold > 0 ? row.onHand / row.threshold : row.onHand;
}

function compareKeys(a: StockRow, b: StockRow): number {
  return a.sku.localeCompare(b.sku) || a.locationId.localeCompare(b.locationId);
}
