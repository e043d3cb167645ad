// The closing inventory of each close (docs/valuation.md, "Closing inventory"), checked in SQL
// against the movements, by a full scan (the ledger itself never scans for it): for every close
// whose build is done, each kept row (on hand, in transit, inventory value, in-transit value,
// movements) equals the sums of its key's movements booked on or before the closed-through day
// (effective posting day: posting_day, else the business day, UTC); a key with movements booked
// by then but no row, and a row without such movements, are named. Where a key's movements
// booked by then hold a method change, the row names the method the last of them set.
import { postingDayOf } from './closed-period-invariants';
import type { SqlQueryable } from './ledger-invariants';

export async function closingInventoryViolations(db: SqlQueryable, schema: string): Promise<string[]> {
  const t = (name: string) => `"${schema}".${name}`;
  const { rows: present } = await db.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${schema}".closing_inventory`]);
  if (present[0]?.present !== true) return [];
  const postingDay = await postingDayOf(db, schema);
  const { rows } = await db.query<{ through: string; location_id: string; sku: string; summed: string; kept: string; method: string | null; kept_method: string | null }>(
    `WITH built AS (
       SELECT c.close_seq, c.through FROM ${t('period_close')} c JOIN ${t('closing_inventory_build')} b USING (close_seq) WHERE b.done),
     summed AS (
       SELECT c.close_seq, m.location_id, m.sku, SUM(m.quantity_delta) AS on_hand, SUM(m.in_transit_delta) AS in_transit,
              SUM(m.value_delta) AS inventory_value, SUM(m.in_transit_value_delta) AS in_transit_value, count(*) AS movements,
              (array_agg(m.payload->>'method' ORDER BY m.balance_version DESC) FILTER (WHERE m.kind = 'valuation-method-change'))[1] AS method
         FROM built c JOIN ${t('movement')} m ON ${postingDay} <= c.through
        GROUP BY 1, 2, 3),
     kept AS (
       SELECT k.* FROM ${t('closing_inventory')} k JOIN built USING (close_seq))
     SELECT to_char(b.through, 'YYYY-MM-DD') AS through, COALESCE(s.location_id, k.location_id) AS location_id, COALESCE(s.sku, k.sku) AS sku,
            concat_ws(' ', s.on_hand, s.in_transit, s.inventory_value, s.in_transit_value, s.movements) AS summed,
            concat_ws(' ', k.on_hand, k.in_transit, k.inventory_value, k.in_transit_value, k.movements) AS kept,
            s.method, k.valuation_method AS kept_method
       FROM summed s FULL OUTER JOIN kept k USING (close_seq, location_id, sku)
       JOIN built b USING (close_seq)
      WHERE s.sku IS NULL OR k.sku IS NULL
         OR s.on_hand <> k.on_hand OR s.in_transit <> k.in_transit OR s.inventory_value <> k.inventory_value
         OR s.in_transit_value <> k.in_transit_value OR s.movements <> k.movements
         OR (s.method IS NOT NULL AND s.method <> k.valuation_method)
      ORDER BY 1, 2, 3 LIMIT 20`,
  );
  return rows.map((row) => {
    const key = `${row.sku}@${row.location_id}`;
    if (row.kept === '') return `closing inventory through ${row.through}: ${key} has movements booked by then (${row.summed}) but no row`;
    if (row.summed === '') return `closing inventory through ${row.through}: ${key} has a row (${row.kept}) but no movement booked by then`;
    const method = row.method !== null && row.method !== row.kept_method ? `; method ${row.kept_method} kept, ${row.method} set by its movements` : '';
    return `closing inventory through ${row.through}: ${key} (on hand, in transit, value, in-transit value, movements) is ${row.kept} kept but ${row.summed} by its movements${method}`;
  });
}
