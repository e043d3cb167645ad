// The invariants of costs of whole purchase orders (docs/valuation.md, "Costs of a whole purchase
// order"), checked in SQL against the ledger's schema:
//   - every receipt naming a purchase order is in the order's index (purchase_order_receipt) with
//     its key, quantity and the value it booked, so a cost is shared over what the receipts are;
//   - every cost applied is booked exactly once and exactly: the landed costs it derived
//     (`<costId>:<receiptMovementId>`, one per share) are all recorded, as many as its shares,
//     and their amounts add up to its amount in the valuation currency to the ten-thousandth.
// A schema older than the tables has no such costs and nothing to check.
import type { SqlQueryable } from './ledger-invariants';

export async function purchaseOrderViolations(db: SqlQueryable, schema: string): Promise<string[]> {
  const t = (name: string) => `"${schema}".${name}`;
  const { rows: present } = await db.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${schema}".purchase_order_cost`]);
  if (present[0]?.present !== true) return [];
  const { rows: unindexed } = await db.query<{ movement_id: string; indexed: string }>(
    `SELECT m.movement_id, concat_ws(' ', i.purchase_order_id, i.sku, i.location_id, i.quantity, i.received_value) AS indexed
       FROM ${t('movement')} m
       LEFT JOIN ${t('purchase_order_receipt')} i ON i.receipt_movement_id = m.movement_id AND i.purchase_order_id = m.payload->>'purchaseOrderId'
      WHERE m.kind = 'receipt' AND m.payload->>'purchaseOrderId' IS NOT NULL
        AND (i.receipt_movement_id IS NULL OR i.sku <> m.sku OR i.location_id <> m.location_id OR i.quantity <> m.quantity_delta
             OR i.received_value <> m.value_delta + m.cost_of_goods_sold)
      ORDER BY m.movement_seq LIMIT 20`,
  );
  const { rows: misbooked } = await db.query<{ cost_id: string; amount: string; shares: number; booked: string; applied: number }>(
    `SELECT c.cost_id, c.amount::text AS amount, c.shares, COALESCE(SUM((l.payload->>'amount')::numeric), 0)::text AS booked, count(l.movement_id)::int AS applied
       FROM ${t('purchase_order_cost')} c
       JOIN ${t('purchase_order_receipt')} r ON r.purchase_order_id = c.purchase_order_id
       LEFT JOIN ${t('movement')} l ON l.kind = 'landed-cost' AND l.movement_id = c.cost_id || ':' || r.receipt_movement_id
      GROUP BY c.cost_id, c.amount, c.shares
     HAVING count(l.movement_id) <> c.shares OR COALESCE(SUM((l.payload->>'amount')::numeric), 0) <> c.amount
      ORDER BY c.cost_id LIMIT 20`,
  );
  return [
    ...unindexed.map((row) => `receipt ${row.movement_id} names a purchase order but its index row is ${row.indexed || 'absent'}`),
    ...misbooked.map((row) => `purchase order cost ${row.cost_id} of ${row.amount} in ${row.shares} shares is booked as ${row.booked} by ${row.applied} landed costs`),
  ];
}
