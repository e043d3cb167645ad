// The receipts the ledger keeps for landed costs (landed_cost_receipt, docs/valuation.md "Landed
// costs"), checked in SQL against its movements:
//   - every receipt still in the movement table has its row, with its key, quantity, the cost it
//     booked, business time and version;
//   - the units that arrived on its key's shelf since it, as the ledger would answer a landed cost
//     (the balance's count less the receipt's), equal the positive changes of on hand of the key's
//     movements after it: the movements after a receipt still attached are all attached, as months
//     are detached oldest first;
//   - no row answers fewer than zero units arrived since (one whose receipt's month is archived included).
// Derived here from the movements alone, not by the code that keeps the table.
import type { SqlQueryable } from './ledger-invariants';

export async function landedCostReceiptViolations(db: SqlQueryable, schema: string): Promise<string[]> {
  const t = (name: string) => `"${schema}".${name}`;
  const { rows: present } = await db.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${schema}".landed_cost_receipt`]);
  if (present[0]?.present !== true) return [];
  const { rows: differing } = await db.query<{ movement_id: string; implied: string; kept: string | null }>(
    `WITH counted AS (
       SELECT m.movement_id, m.kind, m.sku, m.location_id, m.quantity_delta, m.value_delta + m.cost_of_goods_sold AS received_cost,
              m.occurred_at, m.balance_version,
              sum(greatest(m.quantity_delta, 0)) OVER (PARTITION BY m.sku, m.location_id ORDER BY m.balance_version) AS arrived_through,
              sum(greatest(m.quantity_delta, 0)) OVER (PARTITION BY m.sku, m.location_id) AS arrived
         FROM ${t('movement')} m)
     SELECT c.movement_id,
            concat_ws(' ', c.sku, c.location_id, c.quantity_delta, c.received_cost, c.occurred_at, c.balance_version, c.arrived - c.arrived_through) AS implied,
            CASE WHEN r.receipt_movement_id IS NOT NULL
                 THEN concat_ws(' ', r.sku, r.location_id, r.quantity, r.received_cost, r.occurred_at, r.balance_version, b.units_arrived - r.arrived_through) END AS kept
       FROM counted c
       LEFT JOIN ${t('landed_cost_receipt')} r ON r.receipt_movement_id = c.movement_id
       LEFT JOIN ${t('stock_balance')} b ON b.sku = r.sku AND b.location_id = r.location_id
      WHERE c.kind = 'receipt'
        AND (r.receipt_movement_id IS NULL OR r.sku <> c.sku OR r.location_id <> c.location_id OR r.quantity <> c.quantity_delta
             OR r.received_cost <> c.received_cost OR r.occurred_at <> c.occurred_at OR r.balance_version <> c.balance_version
             OR b.units_arrived - r.arrived_through IS DISTINCT FROM c.arrived - c.arrived_through)
      ORDER BY c.movement_id LIMIT 20`,
  );
  const { rows: negative } = await db.query<{ receipt_movement_id: string; arrived_since: string }>(
    `SELECT r.receipt_movement_id, (b.units_arrived - r.arrived_through)::text AS arrived_since
       FROM ${t('landed_cost_receipt')} r JOIN ${t('stock_balance')} b ON b.sku = r.sku AND b.location_id = r.location_id
      WHERE b.units_arrived < r.arrived_through
      ORDER BY 1 LIMIT 20`,
  );
  return [
    ...differing.map((row) => `receipt ${row.movement_id} (key, quantity, cost, time, version, units arrived since) is ${row.implied} by its movements but kept for landed costs as ${row.kept ?? 'absent'}`),
    ...negative.map((row) => `receipt ${row.receipt_movement_id} is kept for landed costs with ${row.arrived_since} units arrived since it`),
  ];
}
