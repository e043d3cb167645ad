// The open early arrivals the ledger keeps (early_arrival, docs/valuation.md "Late and backdated
// movements"), checked in SQL against its movements:
//   - per key, the units of its rows are what in transit is below zero (none at or above zero);
//   - for a key whose movements are all in the ledger (from version 1), its rows are exactly what
//     the movements imply: each transfer-in's units beyond what was in transit when it arrived,
//     less what shipments into in transit below zero matched, oldest arrival first; each with the
//     units that came onto the shelf after it (every positive change of on hand since).
// Derived here from the movements alone, not by the code that keeps the table.
import type { SqlQueryable } from './ledger-invariants';

export async function earlyArrivalViolations(db: SqlQueryable, schema: string): Promise<string[]> {
  const t = (name: string) => `"${schema}".${name}`;
  const { rows: present } = await db.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${schema}".early_arrival`]);
  if (!present[0]?.present) return [];

  const { rows: unequal } = await db.query<{ key: string; in_transit: string; units: string }>(
    `SELECT b.sku || '@' || b.location_id AS key, b.in_transit::text, COALESCE(a.units, 0)::text AS units
       FROM ${t('stock_balance')} b
       LEFT JOIN (SELECT sku, location_id, sum(units) AS units FROM ${t('early_arrival')} GROUP BY 1, 2) a USING (sku, location_id)
      WHERE COALESCE(a.units, 0) <> GREATEST(0, -b.in_transit)
     UNION ALL
     SELECT a.sku || '@' || a.location_id, NULL, sum(a.units)::text FROM ${t('early_arrival')} a
      WHERE NOT EXISTS (SELECT 1 FROM ${t('stock_balance')} b WHERE b.sku = a.sku AND b.location_id = a.location_id) GROUP BY 1
      ORDER BY 1`,
  );

  const { rows: differing } = await db.query<{ key: string; arrival_version: string; implied: string | null; kept: string | null }>(
    `WITH m AS (
       SELECT sku, location_id, balance_version, kind, quantity_delta, in_transit_delta, in_transit_after - in_transit_delta AS before
         FROM ${t('movement')}
        WHERE (sku, location_id) IN (SELECT sku, location_id FROM ${t('stock_balance')} WHERE in_transit < 0
                                      UNION SELECT sku, location_id FROM ${t('early_arrival')}
                                      UNION SELECT sku, location_id FROM ${t('movement')} WHERE kind = 'transfer-in' AND in_transit_after < 0)),
     whole AS (SELECT sku, location_id FROM m GROUP BY 1, 2 HAVING min(balance_version) = 1),
     arrival AS (
       SELECT sku, location_id, balance_version, -in_transit_delta - LEAST(-in_transit_delta, GREATEST(0, before)) AS beyond
         FROM m WHERE kind = 'transfer-in'),
     matched AS (
       SELECT sku, location_id, sum(LEAST(in_transit_delta, -before)) AS units FROM m WHERE kind = 'transfer-shipped' AND before < 0 GROUP BY 1, 2),
     implied AS (
       SELECT a.sku, a.location_id, a.balance_version AS arrival_version,
              GREATEST(0, LEAST(a.beyond, sum(a.beyond) OVER (PARTITION BY a.sku, a.location_id ORDER BY a.balance_version) - COALESCE(x.units, 0))) AS units,
              (SELECT COALESCE(sum(s.quantity_delta), 0) FROM m s
                WHERE s.sku = a.sku AND s.location_id = a.location_id AND s.balance_version > a.balance_version AND s.quantity_delta > 0) AS arrived_since
         FROM arrival a JOIN whole USING (sku, location_id) LEFT JOIN matched x USING (sku, location_id)
        WHERE a.beyond > 0),
     kept AS (SELECT e.* FROM ${t('early_arrival')} e JOIN whole USING (sku, location_id))
     SELECT COALESCE(i.sku, k.sku) || '@' || COALESCE(i.location_id, k.location_id) AS key, COALESCE(i.arrival_version, k.arrival_version)::text AS arrival_version,
            CASE WHEN i.sku IS NOT NULL THEN i.units || ' units, ' || i.arrived_since || ' arrived since' END AS implied,
            CASE WHEN k.sku IS NOT NULL THEN k.units || ' units, ' || k.arrived_since || ' arrived since' END AS kept
       FROM (SELECT * FROM implied WHERE units > 0) i
       FULL OUTER JOIN kept k ON k.sku = i.sku AND k.location_id = i.location_id AND k.arrival_version = i.arrival_version
      WHERE i.sku IS NULL OR k.sku IS NULL OR i.units <> k.units OR i.arrived_since <> k.arrived_since
      ORDER BY 1, 2 LIMIT 20`,
  );
  return [
    ...unequal.map((row) =>
      row.in_transit === null
        ? `early arrivals of ${row.key} hold ${row.units} units, and the key has no balance`
        : `early arrivals of ${row.key} hold ${row.units} units, but in transit is ${row.in_transit}`,
    ),
    ...differing.map((row) => `early arrival of ${row.key} at version ${row.arrival_version}: its movements imply ${row.implied ?? 'none'}, the ledger keeps ${row.kept ?? 'none'}`),
  ];
}
