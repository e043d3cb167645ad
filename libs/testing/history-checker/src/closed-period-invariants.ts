// Closed periods (docs/valuation.md, "Closed periods"), checked in SQL against the ledger's tables:
//   - a movement records a posting day only where it moved its figures forward: after its business day;
//   - no figure of a closed day changed after its close: the period report's figures of every day
//     up to the closed-through day, summed now from the per-day tables (cost of goods sold with
//     the deltas not yet folded, adjustments by reason, landed costs by cost type), equal the
//     figures each close kept of the days it closed (closed_period_figure).
// The per-day figures are held to the movements by posting day in ledger-invariants.ts
// (postingDayOf below), so together these prove that a movement dated in a closed period was
// booked on an open day and that the closed days' report stands as it was closed.
import type { SqlQueryable } from './ledger-invariants';

/**
 * The day a movement row's figures are booked on, as SQL: its recorded posting day, else its
 * business day (UTC). A ledger migrated before closed periods has no posting day column.
 */
export async function postingDayOf(db: SqlQueryable, schema: string): Promise<string> {
  const { rows } = await db.query<{ present: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'movement' AND column_name = 'posting_day') AS present`,
    [schema],
  );
  const businessDay = `(occurred_at AT TIME ZONE 'UTC')::date`;
  return rows[0]?.present === true ? `COALESCE(posting_day, ${businessDay})` : businessDay;
}

export async function closedPeriodViolations(db: SqlQueryable, schema: string): Promise<string[]> {
  const t = (name: string) => `"${schema}".${name}`;
  const { rows: present } = await db.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${schema}".ledger_period`]);
  if (present[0]?.present !== true) return [];
  const { rows: backwards } = await db.query<{ movement_id: string; occurred_at: string; posting_day: string }>(
    `SELECT movement_id, occurred_at::text, to_char(posting_day, 'YYYY-MM-DD') AS posting_day FROM ${t('movement')}
      WHERE posting_day IS NOT NULL AND posting_day <= (occurred_at AT TIME ZONE 'UTC')::date ORDER BY movement_seq LIMIT 20`,
  );
  const closedDays = `day <= (SELECT closed_through FROM ${t('ledger_period')})`;
  const { rows: changed } = await db.query<{ day: string; location_id: string; measure: string; reason_code: string | null; now: string; kept: string }>(
    `WITH now_figures AS (
       SELECT day, location_id, 'cost-of-goods-sold' AS measure, NULL::text AS reason_code, NULL::bigint AS quantity, SUM(cost_of_goods_sold) AS value, NULL::bigint AS movements
         FROM (SELECT day, location_id, cost_of_goods_sold FROM ${t('location_daily_cogs')} WHERE ${closedDays}
               UNION ALL SELECT day, location_id, cost_of_goods_sold FROM ${t('valuation_delta')} WHERE ${closedDays}) AS c
        GROUP BY 1, 2 HAVING SUM(cost_of_goods_sold) <> 0
       UNION ALL
       SELECT day, location_id, 'adjustment', reason_code, SUM(quantity), SUM(value), SUM(movements)
         FROM ${t('location_daily_adjustment')} WHERE ${closedDays} GROUP BY 1, 2, 4
       UNION ALL
       SELECT day, location_id, part.measure, cost_type, NULL, SUM(part.value), SUM(movements)
         FROM ${t('location_daily_landed_cost')}
              CROSS JOIN LATERAL (VALUES ('landed-cost-revaluation', revalued), ('landed-cost-variance', variance)) AS part(measure, value)
        WHERE ${closedDays} GROUP BY 1, 2, 3, 4),
     kept AS (SELECT day, location_id, measure, reason_code, quantity, value, movements FROM ${t('closed_period_figure')})
     SELECT to_char(COALESCE(n.day, k.day), 'YYYY-MM-DD') AS day, COALESCE(n.location_id, k.location_id) AS location_id,
            COALESCE(n.measure, k.measure) AS measure, COALESCE(n.reason_code, k.reason_code) AS reason_code,
            concat_ws(' ', n.quantity, n.value, n.movements) AS now, concat_ws(' ', k.quantity, k.value, k.movements) AS kept
       FROM now_figures n FULL OUTER JOIN kept k
         ON k.day = n.day AND k.location_id = n.location_id AND k.measure = n.measure AND COALESCE(k.reason_code, '') = COALESCE(n.reason_code, '')
      WHERE n.day IS NULL OR k.day IS NULL OR n.value <> k.value
         OR n.quantity IS DISTINCT FROM k.quantity OR n.movements IS DISTINCT FROM k.movements
      ORDER BY 1, 2, 3, 4 LIMIT 20`,
  );
  return [
    ...backwards.map((row) => `movement ${row.movement_id} dated ${row.occurred_at} records posting day ${row.posting_day}: a posting day is only ever after the business day`),
    ...changed.map(
      (row) =>
        `closed day ${row.day} of ${row.location_id}, ${row.measure}${row.reason_code === null ? '' : ` ${row.reason_code}`} (quantity, value, movements) is ${row.now || 'absent'} now but was ${row.kept || 'absent'} when closed`,
    ),
  ];
}
