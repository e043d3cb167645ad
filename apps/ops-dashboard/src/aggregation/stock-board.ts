// Current stock as the compacted stock-levels topic tells it, with the catalog's low-stock
// thresholds beside it: how many balances are tracked, which are negative, out of stock or low,
// and what the stock is worth. Keeps the record with the highest balanceVersion per key, because
// compaction keeps the last write, not necessarily the newest balance.
import { stockKey, type CatalogItemV1, type StockLevelV1 } from '@ledgerline/contracts';
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

export class StockBoard {
  private readonly levels = new Map<string, StockLevelV1>();
  private readonly thresholds = new Map<string, number>();

  /** Applies a stock level; returns false when an older balance arrived after a newer one. */
  applyLevel(level: StockLevelV1): boolean {
    const key = stockKey(level.sku, level.locationId);
    const known = this.levels.get(key);
    if (known && known.balanceVersion >= level.balanceVersion) return false;
    this.levels.set(key, level);
    return true;
  }

  /** A tombstone on the compacted topic: the balance is gone. */
  removeLevel(key: string): void {
    this.levels.delete(key);
  }

  applyItem(item: CatalogItemV1): void {
    this.thresholds.set(item.sku, item.lowStockThreshold);
  }

  get size(): number {
    return this.levels.size;
  }

  summary(topN: number): StockSummary {
    const rows = [...this.levels.values()].map((level) => this.row(level));
    const negativeRows = rows.filter((row) => row.state === 'negative').sort((a, b) => a.onHand - b.onHand || compareKeys(a, b));
    const lowRows = rows
      .filter((row) => row.state === 'stockout' || row.state === 'low')
      .sort((a, b) => fillRatio(a) - fillRatio(b) || a.onHand - b.onHand || compareKeys(a, b));
    const recentRows = [...rows].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || compareKeys(a, b));
    const inventoryValue = rows.reduce((sum, row) => sum + parseMoney(row.inventoryValue), 0n);
    return {
      tracked: rows.length,
      negative: negativeRows.length,
      stockout: rows.filter((row) => row.state === 'stockout').length,
      low: rows.filter((row) => row.state === 'low').length,
      inventoryValue: formatMoney(inventoryValue),
      negativeRows: negativeRows.slice(0, topN),
      lowRows: lowRows.slice(0, topN),
      recentRows: recentRows.slice(0, topN),
    };
  }

  private row(level: StockLevelV1): StockRow {
    const threshold = this.thresholds.get(level.sku) ?? null;
    return {
      sku: level.sku,
      locationId: level.locationId,
      onHand: level.onHand,
      onOrder: level.onOrder,
      inTransit: level.inTransit,
      threshold,
      inventoryValue: level.inventoryValue,
      state: stockState(level.onHand, threshold),
      updatedAt: level.updatedAt,
    };
  }
}

function fillRatio(row: StockRow): number {
  return row.threshold && row.threshold > 0 ? row.onHand / row.threshold : row.onHand;
}

function compareKeys(a: StockRow, b: StockRow): number {
  return a.sku.localeCompare(b.sku) || a.locationId.localeCompare(b.locationId);
}
