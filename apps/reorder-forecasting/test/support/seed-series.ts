// Writes many series straight into the service's tables, as the intake would have left them:
// known positions and daily demand up to yesterday, each series due for a refit. For tests and
// measurements that need thousands of series without replaying their events.
import type { DataSource } from 'typeorm';

export interface SeededSeries {
  readonly count: number;
  readonly days: number;
}

/** SKU-00000@S00 ... ; series `index` is due `count - index` seconds before now, so index 0 is the most overdue. */
export function seriesAt(index: number): { sku: string; locationId: string } {
  return { sku: `SKU-${String(Math.floor(index / 38)).padStart(5, '0')}`, locationId: `S${String(index % 38).padStart(2, '0')}` };
}

export async function seedSeries(dataSource: DataSource, schema: string, { count, days }: SeededSeries): Promise<void> {
  const table = (name: string) => `"${schema}".${name}`;
  await dataSource.query(
    `INSERT INTO ${table('stock_position')} (sku, location_id, on_hand, on_order, in_transit, balance_version, refit_due_at)
     SELECT 'SKU-' || lpad((i / 38)::text, 5, '0'), 'S' || lpad((i % 38)::text, 2, '0'), 100, 0, 0, 1000, now() - ($1 - i) * interval '1 second'
       FROM generate_series(0, $1 - 1) AS i`,
    [count],
  );
  // Demand varies by series and day, deterministically, so every fit has something to learn.
  await dataSource.query(
    `INSERT INTO ${table('daily_demand')} (sku, location_id, day, demand_units, sold_units, returned_units, voided_units,
        min_on_hand, closing_on_hand, closing_at, closing_version, movements)
     SELECT p.sku, p.location_id, d.day, u.units, u.units, 0, 0, 50, 100, d.day + interval '20 hours', 1, 1
       FROM ${table('stock_position')} p
      CROSS JOIN generate_series((now() AT TIME ZONE 'UTC')::date - $1::int, (now() AT TIME ZONE 'UTC')::date - 1, interval '1 day') AS d(day)
      CROSS JOIN LATERAL (SELECT (abs(hashtext(p.sku || p.location_id || d.day::text)) % 7)::bigint AS units) AS u`,
    [days],
  );
}
