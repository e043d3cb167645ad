// The FIFO layers' invariants (docs/valuation.md, "FIFO layers"), in one statement so the layers
// and balances compared come from one snapshot while batches commit:
//   - a key valued first in, first out holds, above zero, layers whose units are its units and
//     whose values add up exactly to its value, on hand and in transit apart; at or below zero
//     it holds no layer;
//   - a key valued at moving average holds no layer.
import type { SqlQueryable } from './ledger-invariants';

export async function fifoLayerViolations(db: SqlQueryable, schema: string): Promise<string[]> {
  const { rows } = await db.query<{ key: string; method: string; pool: string; units: string; value: string; layer_units: string; layer_value: string; layers: string }>(
    `WITH layered AS (
       SELECT sku, location_id, pool, count(*) AS layers, sum(units) AS units, sum(value) AS value
         FROM "${schema}".stock_layer GROUP BY sku, location_id, pool),
     pools AS (
       SELECT b.sku, b.location_id, b.valuation_method, p.pool, p.units, p.value
         FROM "${schema}".stock_balance b
        CROSS JOIN LATERAL (VALUES ('on-hand', b.on_hand, b.inventory_value), ('in-transit', b.in_transit, b.in_transit_value)) AS p(pool, units, value))
     SELECT COALESCE(p.sku, l.sku) || '@' || COALESCE(p.location_id, l.location_id) AS key, COALESCE(p.valuation_method, 'none') AS method,
            COALESCE(p.pool, l.pool) AS pool, COALESCE(p.units, 0)::text AS units, COALESCE(p.value, 0)::text AS value,
            COALESCE(l.units, 0)::text AS layer_units, COALESCE(l.value, 0)::text AS layer_value, COALESCE(l.layers, 0)::text AS layers
       FROM pools p FULL OUTER JOIN layered l ON l.sku = p.sku AND l.location_id = p.location_id AND l.pool = p.pool
      WHERE (l.layers IS NOT NULL AND (p.sku IS NULL OR p.valuation_method <> 'fifo' OR p.units <= 0))
         OR (p.valuation_method = 'fifo' AND p.units > 0 AND (l.layers IS NULL OR l.units <> p.units OR l.value <> p.value))
      ORDER BY 1, 3 LIMIT 50`,
  );
  return rows.map((row) =>
    row.method === 'fifo'
      ? `FIFO key ${row.key} ${row.pool}: ${row.units} units worth ${row.value}, its ${row.layers} layers hold ${row.layer_units} worth ${row.layer_value}`
      : `key ${row.key} (${row.method}) holds ${row.layers} ${row.pool} layers, which only a FIFO key above zero may`,
  );
}
