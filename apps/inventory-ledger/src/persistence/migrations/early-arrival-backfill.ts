// How the open early arrivals of the keys already below zero in transit are found once, when the
// early_arrival table is created (migration 1769600000000). Afterwards the batch writes keep the
// table, and nothing walks movements again. For each key whose in transit is below zero, its
// version index is walked down from the newest, a page at a time, until the arrivals found hold
// every unit in transit is short: the movements recorded since the oldest arrival not yet matched.
// A key whose walk runs out of movements (its arrival in a month archived) gets no rows, so its
// next shipment into the hole stops on the difference rather than guess, as it did before.
import type { QueryRunner } from 'typeorm';

interface KeyBelowZero {
  sku: string;
  location_id: string;
  version: string;
  in_transit: string;
}

interface KeyMovementRow {
  balance_version: string;
  kind: string;
  quantity_delta: string;
  in_transit_delta: string;
}

/** An open arrival as the table keeps it. */
export interface OpenArrivalRow {
  arrivalVersion: number;
  units: number;
  arrivedSince: number;
}

const FIRST_PAGE_ROWS = 16;
const LARGEST_PAGE_ROWS = 1024;

/** Fills early_arrival for every key below zero in transit; returns the keys whose arrivals could not all be found. */
export async function backfillOpenEarlyArrivals(runner: Pick<QueryRunner, 'query'>, schema: string): Promise<string[]> {
  const keys: KeyBelowZero[] = await runner.query(
    `SELECT sku, location_id, version::text, in_transit::text FROM "${schema}".stock_balance WHERE in_transit < 0 ORDER BY sku, location_id`,
  );
  const incomplete: string[] = [];
  for (const key of keys) {
    const arrivals = await openArrivalsOf(runner, schema, key);
    if (arrivals === null) {
      incomplete.push(`${key.sku}@${key.location_id}`);
      continue;
    }
    await runner.query(
      `INSERT INTO "${schema}".early_arrival (sku, location_id, arrival_version, units, arrived_since)
       SELECT $1, $2, * FROM unnest($3::bigint[], $4::bigint[], $5::bigint[])`,
      [key.sku, key.location_id, arrivals.map((a) => a.arrivalVersion), arrivals.map((a) => a.units), arrivals.map((a) => a.arrivedSince)],
    );
  }
  return incomplete;
}

/** The key's open arrivals, oldest first, from its movements; null when they run out first. */
async function openArrivalsOf(runner: Pick<QueryRunner, 'query'>, schema: string, key: KeyBelowZero): Promise<OpenArrivalRow[] | null> {
  const newestFirst: OpenArrivalRow[] = [];
  let short = -Number(key.in_transit);
  let inTransitAfter = Number(key.in_transit);
  let arrivedAfter = 0;
  let below = Number(key.version) + 1;
  let pageRows = FIRST_PAGE_ROWS;
  while (short > 0) {
    const rows: KeyMovementRow[] = await runner.query(
      `SELECT balance_version, kind, quantity_delta, in_transit_delta FROM "${schema}".movement
        WHERE sku = $1 AND location_id = $2 AND balance_version < $3 ORDER BY balance_version DESC LIMIT $4`,
      [key.sku, key.location_id, below, pageRows],
    );
    pageRows = Math.min(pageRows * 4, LARGEST_PAGE_ROWS);
    if (rows.length === 0) return null;
    for (const row of rows) {
      const inTransitBefore = inTransitAfter - Number(row.in_transit_delta);
      if (row.kind === 'transfer-in') {
        // The units beyond what was in transit went below zero; those still unmatched are its newest.
        const quantity = -Number(row.in_transit_delta);
        const unmatched = Math.min(short, quantity - Math.min(quantity, Math.max(0, inTransitBefore)));
        if (unmatched > 0) newestFirst.push({ arrivalVersion: Number(row.balance_version), units: unmatched, arrivedSince: arrivedAfter });
        short -= unmatched;
        if (short === 0) break;
      }
      if (Number(row.quantity_delta) > 0) arrivedAfter += Number(row.quantity_delta);
      inTransitAfter = inTransitBefore;
      below = Number(row.balance_version);
    }
  }
  return newestFirst.reverse();
}
