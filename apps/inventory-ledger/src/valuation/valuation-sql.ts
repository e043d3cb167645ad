// Valuation totals and cost of goods sold by period, kept as running totals per location and per
// location and business day (migration 1766100000000). Batches insert small delta rows
// (valuation_delta) with their other writes; foldDeltas moves them into the totals. Every read
// adds the deltas not yet folded, in the same statement (one snapshot), and folding is one
// statement too, so an answer is exact whether or not the folder has caught up.
import type { EntityManager } from 'typeorm';

export interface LocationValuationRow {
  locationId: string;
  onHand: string;
  inventoryValue: string;
  inTransitValue: string;
  costOfGoodsSold: string;
  balances: string;
  /** Balances in each state (stock-state.ts in the domain). */
  negative: string;
  stockout: string;
  low: string;
}

const TOTAL_COLUMNS = 'location_id, on_hand, inventory_value, in_transit_value, cost_of_goods_sold, balances, negative, stockout, low';

export type CostPeriod = 'day' | 'month';

export interface CostOfGoodsSoldRow {
  period: string;
  costOfGoodsSold: string;
}

export class ValuationSql {
  constructor(private readonly schema: string) {}

  /**
   * Folds up to `limit` delta rows, oldest first, into the running totals, and returns how many.
   * The rows are taken with SKIP LOCKED, so two folders (two ledger instances) take different
   * rows; the totals are upserted in location order, so they meet a shared total row in the same
   * order and one waits for the other.
   */
  async foldDeltas(manager: Pick<EntityManager, 'query'>, limit: number): Promise<number> {
    const rows: Array<{ folded: number }> = await manager.query(
      `WITH taken AS (
         DELETE FROM ${this.t('valuation_delta')}
          WHERE delta_seq IN (SELECT delta_seq FROM ${this.t('valuation_delta')} ORDER BY delta_seq LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING location_id, day, on_hand, inventory_value, in_transit_value, cost_of_goods_sold, balances, negative, stockout, low),
       totals AS (
         INSERT INTO ${this.t('location_valuation')} AS v (location_id, on_hand, inventory_value, in_transit_value, cost_of_goods_sold, balances, negative, stockout, low, folded_at)
         SELECT location_id, SUM(on_hand), SUM(inventory_value), SUM(in_transit_value), SUM(cost_of_goods_sold), SUM(balances),
                SUM(negative), SUM(stockout), SUM(low), now()
           FROM taken GROUP BY location_id ORDER BY location_id
         ON CONFLICT (location_id) DO UPDATE SET
           on_hand = v.on_hand + excluded.on_hand, inventory_value = v.inventory_value + excluded.inventory_value,
           in_transit_value = v.in_transit_value + excluded.in_transit_value,
           cost_of_goods_sold = v.cost_of_goods_sold + excluded.cost_of_goods_sold, balances = v.balances + excluded.balances,
           negative = v.negative + excluded.negative, stockout = v.stockout + excluded.stockout, low = v.low + excluded.low,
           folded_at = now()),
       days AS (
         INSERT INTO ${this.t('location_daily_cogs')} AS d (location_id, day, cost_of_goods_sold)
         SELECT location_id, day, SUM(cost_of_goods_sold) FROM taken WHERE cost_of_goods_sold <> 0
          GROUP BY location_id, day ORDER BY location_id, day
         ON CONFLICT (location_id, day) DO UPDATE SET cost_of_goods_sold = d.cost_of_goods_sold + excluded.cost_of_goods_sold)
       SELECT count(*)::int AS folded FROM taken`,
      [limit],
    );
    return rows[0]?.folded ?? 0;
  }

  /** Totals per location (one location, or every location with a total), folded and not yet folded together. */
  async locationTotals(manager: Pick<EntityManager, 'query'>, locationId?: string): Promise<LocationValuationRow[]> {
    const only = locationId === undefined ? '' : 'WHERE location_id = $1';
    return manager.query(
      `SELECT location_id AS "locationId", SUM(on_hand)::text AS "onHand", SUM(inventory_value)::numeric(24,4)::text AS "inventoryValue",
              SUM(in_transit_value)::numeric(24,4)::text AS "inTransitValue", SUM(cost_of_goods_sold)::numeric(24,4)::text AS "costOfGoodsSold",
              SUM(balances)::text AS balances, SUM(negative)::text AS negative, SUM(stockout)::text AS stockout, SUM(low)::text AS low
         FROM (SELECT ${TOTAL_COLUMNS} FROM ${this.t('location_valuation')} ${only}
               UNION ALL
               SELECT ${TOTAL_COLUMNS} FROM ${this.t('valuation_delta')} ${only}) AS figures
        GROUP BY location_id ORDER BY location_id`,
      locationId === undefined ? [] : [locationId],
    );
  }

  /**
   * Cost of goods sold per day or month of business time (UTC) from `from` to `to`, both days
   * included, for one location or all: reads the days asked (an index on the day, or the
   * location's primary key range) and the deltas not yet folded. Periods without any cost are absent.
   */
  async costOfGoodsSold(
    manager: Pick<EntityManager, 'query'>,
    asked: { from: string; to: string; locationId?: string; groupBy: CostPeriod },
  ): Promise<CostOfGoodsSoldRow[]> {
    const only = asked.locationId === undefined ? '' : 'AND location_id = $3';
    const period = asked.groupBy === 'month' ? `to_char(day, 'YYYY-MM')` : `to_char(day, 'YYYY-MM-DD')`;
    return manager.query(
      `SELECT ${period} AS period, SUM(cost_of_goods_sold)::numeric(24,4)::text AS "costOfGoodsSold"
         FROM (SELECT day, cost_of_goods_sold FROM ${this.t('location_daily_cogs')} WHERE day BETWEEN $1::date AND $2::date ${only}
               UNION ALL
               SELECT day, cost_of_goods_sold FROM ${this.t('valuation_delta')} WHERE day BETWEEN $1::date AND $2::date ${only}) AS days
        GROUP BY 1 HAVING SUM(cost_of_goods_sold) <> 0 ORDER BY 1`,
      asked.locationId === undefined ? [asked.from, asked.to] : [asked.from, asked.to, asked.locationId],
    );
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}
