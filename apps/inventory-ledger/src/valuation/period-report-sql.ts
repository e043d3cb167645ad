// The period report: cost of goods sold, adjustments by reason (count variances, count
// corrections, write-offs, losses, found stock...) and landed costs by cost type (the value they
// revalued the shelf by, the variance they booked to cost of goods sold) per day or month and
// location, read from the per-day figures the ledger keeps beside its movements:
// location_daily_cogs plus the valuation deltas not yet folded, location_daily_adjustment and
// location_daily_landed_cost. Each is read from its index on the day
// (or the location and day), so the work follows the days and locations asked, not the history.
// Figures are by posting day: the business day, unless it was in a closed period when the
// movement was applied, then the first open day after it (docs/valuation.md, "Closed periods").
import type { DataSource } from 'typeorm';
import { cursorPages } from '../exports/cursor-pages';
import { EXPORT_PAGE_ROWS } from '../exports/export-sql';
import type { AskedPeriod } from './period-parameters';

export interface PeriodReportRow {
  period: string;
  locationId: string;
  /** cost-of-goods-sold, adjustment (one row per reason), or the landed costs' two parts (one row per cost type). */
  measure: 'cost-of-goods-sold' | 'adjustment' | 'landed-cost-revaluation' | 'landed-cost-variance';
  reasonCode: string | null;
  /** Units on hand changed by (adjustments only), signed. */
  quantity: string | null;
  value: string;
  movements: string | null;
}

/**
 * The report's rows as one SELECT over $1 (first day), $2 (last day, both dates) and $3 (one
 * location, or NULL for all): the report's pages, and the figures a close keeps of the days it
 * closes (period-close-sql.ts), are the same query.
 */
export function periodReportQuery(schema: string, groupBy: AskedPeriod['groupBy']): string {
  const t = (table: string) => `"${schema}".${table}`;
  const period = groupBy === 'month' ? `to_char(day, 'YYYY-MM')` : `to_char(day, 'YYYY-MM-DD')`;
  const days = `day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR location_id = $3)`;
  return `SELECT ${period} AS period, location_id AS "locationId", 'cost-of-goods-sold' AS measure, NULL AS "reasonCode", NULL AS quantity,
              SUM(cost_of_goods_sold)::numeric(24,4)::text AS value, NULL AS movements
         FROM (SELECT location_id, day, cost_of_goods_sold FROM ${t('location_daily_cogs')} WHERE ${days}
               UNION ALL
               SELECT location_id, day, cost_of_goods_sold FROM ${t('valuation_delta')} WHERE ${days}) AS cogs
        GROUP BY 1, 2 HAVING SUM(cost_of_goods_sold) <> 0
       UNION ALL
       SELECT ${period}, location_id, 'adjustment', reason_code, SUM(quantity)::text, SUM(value)::numeric(24,4)::text, SUM(movements)::text
         FROM ${t('location_daily_adjustment')} WHERE ${days}
        GROUP BY 1, 2, 4
       UNION ALL
       SELECT ${period}, location_id, measure, cost_type, NULL, SUM(value)::numeric(24,4)::text, SUM(movements)::text
         FROM ${t('location_daily_landed_cost')}
              CROSS JOIN LATERAL (VALUES ('landed-cost-revaluation', revalued), ('landed-cost-variance', variance)) AS part(measure, value)
        WHERE ${days}
        GROUP BY 1, 2, 3, 4
       ORDER BY 1, 2, 3, 4`;
}

export class PeriodReportSql {
  constructor(private readonly schema: string) {}

  /** Rows in period, location, measure and reason order; periods and locations without any figure are absent. */
  pages(dataSource: DataSource, asked: AskedPeriod & { locationId?: string }, pageRows = EXPORT_PAGE_ROWS): AsyncGenerator<PeriodReportRow[]> {
    return cursorPages(dataSource, periodReportQuery(this.schema, asked.groupBy), [asked.from, asked.to, asked.locationId ?? null], pageRows);
  }
}
