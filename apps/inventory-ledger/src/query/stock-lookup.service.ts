// The reads an operator's screens need, each bounded by what it asks, never by the ledger's
// history: SKUs and locations found by part of their code (the trigram index of migration
// 1767200000000, and the one-row-per-location valuation totals), a key's recent levels from its
// version index, one location's balances sorted, filtered and paged, and its summary, read from
// the running totals of its balances' states (migration 1769020000000).
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { ValuationSql } from '../valuation/valuation-sql';
import { BALANCE_COLUMNS, toStockView, type StockView } from './stock-query.service';

/** Rows read from the index per kind of match: enough for a page of distinct SKUs, never the table. */
const SEARCH_ROWS_READ = 2_000;
/** Shorter text is matched as a prefix only: a trigram index cannot find one or two characters inside a code. */
export const SUBSTRING_MIN_LENGTH = 3;

export const BALANCE_SORTS = { sku: 'sku', onHand: 'on_hand', value: 'inventory_value', lastMovement: 'last_movement_at' } as const;
export type BalanceSort = keyof typeof BALANCE_SORTS;
export const BALANCE_STATES = {
  all: 'true',
  negative: 'b.on_hand < 0',
  stockout: 'b.on_hand = 0',
  // Under the threshold the balance's state is counted under, its item's threshold as of its last
  // write or the item's last threshold change, so that the page and the state totals agree.
  low: 'b.on_hand > 0 AND b.on_hand <= b.counted_threshold',
} as const;
export type BalanceState = keyof typeof BALANCE_STATES;

export interface KeySearchResult {
  query: string;
  matching: 'prefix' | 'prefix-and-substring';
  skus: Array<{ sku: string; locationId: string }>;
  locations: Array<{ locationId: string; balances: number }>;
}

export interface LevelPoint {
  balanceVersion: number;
  occurredAt: string;
  onHand: number;
  inTransit: number | null;
  onOrder: number | null;
  inventoryValue: string | null;
}

export interface LocationBalancesPage {
  locationId: string;
  sort: BalanceSort;
  direction: 'asc' | 'desc';
  state: BalanceState;
  offset: number;
  limit: number;
  /** Balances at the location in this state (of the SKUs asked, when asked for some). */
  total: number;
  items: Array<StockView & { lowStockThreshold: number | null }>;
}

export interface LocationSummary {
  locationId: string;
  balances: number;
  negative: number;
  stockout: number;
  low: number;
  onHand: number;
  inventoryValue: string;
}

@Injectable()
export class StockLookupService {
  private readonly schema: string;
  private readonly totals: ValuationSql;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.schema = `"${config.DATABASE_SCHEMA}"`;
    this.totals = new ValuationSql(config.DATABASE_SCHEMA);
  }

  /**
   * SKUs whose code holds `text` (any case; exact match first, then prefixes, then the rest by
   * code) with one location each, and locations the same way. Each kind of match reads at most
   * SEARCH_ROWS_READ index rows, so text that matches most of the ledger costs what a rare one does.
   */
  async search(text: string, limit: number): Promise<KeySearchResult> {
    const escaped = text.replace(/[\\%_]/g, (character) => `\\${character}`);
    const prefix = `${escaped}%`;
    const anywhere = text.length >= SUBSTRING_MIN_LENGTH ? `%${escaped}%` : prefix;
    const skus: Array<{ sku: string; locationId: string }> = await this.dataSource.query(
      `SELECT sku, min(location_id) AS "locationId" FROM (
          (SELECT sku, location_id, 0 AS rank FROM ${this.t('stock_balance')} WHERE sku = $1 AND version > 0 LIMIT 1)
          UNION ALL
          (SELECT sku, location_id, 1 FROM ${this.t('stock_balance')} WHERE sku ILIKE $2 AND version > 0 LIMIT ${SEARCH_ROWS_READ})
          UNION ALL
          (SELECT sku, location_id, 2 FROM ${this.t('stock_balance')} WHERE $3 <> $2 AND sku ILIKE $3 AND version > 0 LIMIT ${SEARCH_ROWS_READ})) AS found
        GROUP BY sku ORDER BY min(rank), sku LIMIT $4`,
      [text, prefix, anywhere, limit],
    );
    const locations: Array<{ locationId: string; balances: string }> = await this.dataSource.query(
      `SELECT location_id AS "locationId", SUM(balances)::text AS balances FROM (
          SELECT location_id, balances FROM ${this.t('location_valuation')} WHERE location_id ILIKE $1
          UNION ALL
          SELECT location_id, balances FROM ${this.t('valuation_delta')} WHERE location_id ILIKE $1) AS found
        GROUP BY location_id HAVING SUM(balances) > 0 ORDER BY bool_or(location_id ILIKE $2) DESC, location_id LIMIT $3`,
      [anywhere, prefix, limit],
    );
    return {
      query: text,
      matching: anywhere === prefix ? 'prefix' : 'prefix-and-substring',
      skus,
      locations: locations.map((row) => ({ locationId: row.locationId, balances: Number(row.balances) })),
    };
  }

  /**
   * On hand, in transit, on order and value after each of the key's last `limit` movements, oldest
   * first, read down the key's version index. Undefined for a key the ledger has never seen.
   */
  async levels(sku: string, locationId: string, limit: number): Promise<LevelPoint[] | undefined> {
    const rows: Array<Record<string, string | Date | null>> = await this.dataSource.query(
      `SELECT balance_version::text AS version, occurred_at, on_hand_after::text AS on_hand, in_transit_after::text AS in_transit,
              on_order_after::text AS on_order, inventory_value_after::text AS value
         FROM ${this.t('movement')} WHERE sku = $1 AND location_id = $2 ORDER BY balance_version DESC LIMIT $3`,
      [sku, locationId, limit],
    );
    if (rows.length === 0) return undefined;
    const count = (value: unknown) => (value === null ? null : Number(value));
    return rows.reverse().map((row) => ({
      balanceVersion: Number(row['version']),
      occurredAt: (row['occurred_at'] as Date).toISOString(),
      onHand: Number(row['on_hand']),
      // Movements recorded before the ledger kept these columns have none.
      inTransit: count(row['in_transit']),
      onOrder: count(row['on_order']),
      inventoryValue: row['value'] === null ? null : String(row['value']),
    }));
  }

  /**
   * One page of a location's balances in a state, sorted. The location's balances are read from
   * its index and sorted there, without the item settings (joined for the page's rows only); how
   * many are in the state comes from the location's running totals. The work follows the
   * location's assortment, not its history. With `skus`, only those SKUs' balances (a probe each
   * of the location's range): a page another service ordered, filled in with the ledger's figures.
   */
  async locationBalances(
    locationId: string,
    asked: { sort: BalanceSort; direction: 'asc' | 'desc'; state: BalanceState; offset: number; limit: number },
    skus?: readonly string[],
  ): Promise<LocationBalancesPage> {
    const direction = asked.direction === 'asc' ? 'ASC' : 'DESC';
    const order = (sortKey: string, sku: string) => `${sortKey} ${direction} ${asked.direction === 'asc' ? 'NULLS FIRST' : 'NULLS LAST'}, ${sku} ${direction}`;
    const sortColumn = `b.${BALANCE_SORTS[asked.sort]}`;
    const [totals, rows] = await Promise.all([
      this.totals.locationTotals(this.dataSource.manager, locationId),
      this.dataSource.query(
        `SELECT page.*, i.low_stock_threshold AS "lowStockThreshold"
           FROM (SELECT ${BALANCE_COLUMNS}, ${sortColumn} AS sort_key FROM ${this.t('stock_balance')} b
                  WHERE b.location_id = $1 AND b.version > 0 AND ${BALANCE_STATES[asked.state]} AND ($4::text[] IS NULL OR b.sku = ANY($4::text[]))
                  ORDER BY ${order(sortColumn, 'b.sku')} LIMIT $2 OFFSET $3) AS page
           LEFT JOIN ${this.t('item_setting')} i ON i.sku = page.sku
          ORDER BY ${order('page.sort_key', 'page.sku')}`,
        [locationId, asked.limit, asked.offset, skus ?? null],
      ) as Promise<Array<Record<string, unknown>>>,
    ]);
    const total = skus ? rows.length : Number(totals[0]?.[asked.state === 'all' ? 'balances' : asked.state] ?? 0);
    const items = rows.map((row) => ({ ...toStockView(row), lowStockThreshold: row['lowStockThreshold'] === null ? null : Number(row['lowStockThreshold']) }));
    return { locationId, ...asked, total, items };
  }

  /** How many of a location's balances are negative, out of stock and low, and their totals, from its running totals; undefined for an unknown location. */
  async locationSummary(locationId: string): Promise<LocationSummary | undefined> {
    const [row] = await this.totals.locationTotals(this.dataSource.manager, locationId);
    if (!row || Number(row.balances) === 0) return undefined;
    return {
      locationId,
      balances: Number(row.balances),
      negative: Number(row.negative),
      stockout: Number(row.stockout),
      low: Number(row.low),
      onHand: Number(row.onHand),
      inventoryValue: row.inventoryValue,
    };
  }

  private t(table: string): string {
    return `${this.schema}.${table}`;
  }
}
