// How a batch write keeps each key's open early arrivals (early_arrival, migration
// 1769600000000) in the statement that writes the key's balance: an arrival beyond in transit adds
// a row, a shipment into the hole takes from the oldest (a row matched whole is deleted), and a
// rise of on hand adds to arrived_since of the key's rows (docs/valuation.md, "Late and backdated
// movements"). The writer decides the rows (early-arrival-shipments.ts); this is their SQL.
import type { EarlyArrival } from '@ledgerline/inventory-domain';

/**
 * What a batch changes in one key's open arrivals. `replace`: the batch knew them all (it read
 * them, or the key had none) and `arrivals` is the whole set after it. Otherwise the batch did
 * not read them (it ships nothing into the hole): the rows kept get `arrivedSinceAdded` more
 * units arrived since, and `arrivals` are the batch's new ones.
 */
export interface EarlyArrivalWrite {
  sku: string;
  locationId: string;
  replace: boolean;
  arrivedSinceAdded: number;
  arrivals: ReadonlyArray<Required<EarlyArrival>>;
}

/**
 * The parts of the batch's write statement that apply `writes` to early_arrival. They run after
 * the balances' version check (the statement's main query reads those first), so a batch that
 * lost the race changes no arrival; and no row is changed twice: a replaced key's rows are either
 * upserted or deleted, a kept key's are aged while only new versions are inserted.
 */
export function earlyArrivalWriteParts(schema: string, writes: readonly EarlyArrivalWrite[], parameter: (value: unknown) => string): string[] {
  const document = JSON.stringify(
    writes.map((write) => ({
      sku: write.sku,
      location_id: write.locationId,
      replace: write.replace,
      added: write.arrivedSinceAdded,
      arrivals: write.arrivals.map((arrival) => [arrival.version, arrival.units, arrival.arrivedSince]),
    })),
  );
  const table = `"${schema}".early_arrival`;
  return [
    `arrival_key AS (
       SELECT * FROM jsonb_to_recordset(${parameter(document)}::jsonb) AS k(sku text, location_id text, replace boolean, added bigint, arrivals jsonb))`,
    `arrival_row AS (
       SELECT k.sku, k.location_id, (e->>0)::bigint AS arrival_version, (e->>1)::bigint AS units, (e->>2)::bigint AS arrived_since
         FROM arrival_key k CROSS JOIN LATERAL jsonb_array_elements(k.arrivals) AS e)`,
    `arrivals_matched AS (
       DELETE FROM ${table} x USING arrival_key k
        WHERE k.replace AND x.sku = k.sku AND x.location_id = k.location_id
          AND NOT EXISTS (SELECT 1 FROM arrival_row r WHERE r.sku = x.sku AND r.location_id = x.location_id AND r.arrival_version = x.arrival_version))`,
    `arrivals_aged AS (
       UPDATE ${table} x SET arrived_since = x.arrived_since + k.added
         FROM arrival_key k WHERE NOT k.replace AND k.added > 0 AND x.sku = k.sku AND x.location_id = k.location_id)`,
    `arrivals_kept AS (
       INSERT INTO ${table} (sku, location_id, arrival_version, units, arrived_since)
       SELECT sku, location_id, arrival_version, units, arrived_since FROM arrival_row ORDER BY sku, location_id, arrival_version
       ON CONFLICT (sku, location_id, arrival_version) DO UPDATE SET units = excluded.units, arrived_since = excluded.arrived_since)`,
  ];
}
