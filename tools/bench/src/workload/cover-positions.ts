// Reorder-forecasting's positions and forecasts written straight into its tables as the intake and
// the fits would leave them, for the benches that rank a location by days of cover: a position per
// key, a forecast for a share of them (chosen by a hash of the key, so the share is spread over
// every location), and each position's days of cover set by the column's rule
// (apps/reorder-forecasting/src/persistence/days-of-cover-column.ts: 0 with nothing on hand, on
// hand over a positive forecast daily demand, else null; null without a fit).
import type { Client } from 'pg';

const SCHEMA = 'reorder_forecasting';

/**
 * `positions` is a SELECT of (sku, location_id, on_hand, balance_version), one row a key, run with
 * `parameters`; forecast daily demands run from 0 to 10 units, so some fits expect no demand.
 */
export async function writeCoverPositions(owner: Client, positions: { select: string; parameters: readonly unknown[] }, withForecast: number): Promise<void> {
  await owner.query(`INSERT INTO ${SCHEMA}.stock_position (sku, location_id, on_hand, balance_version) ${positions.select}`, [...positions.parameters]);
  await owner.query(
    `INSERT INTO ${SCHEMA}.item_forecast (sku, location_id, fitted_at, history_to, history_days, censored_days, history_demand, method, demand_class,
        forecast, lead_time, policy, forecast_daily_demand, safety_stock, reorder_point, replenishment)
     SELECT sku, location_id, now(), current_date - 1, 365, 0, 1000, 'moving-average', 'smooth', '{}', '{}', '{}',
            (abs(hashtext(sku || location_id)) % 400) / 40.0, 5, 20, '{}'
       FROM ${SCHEMA}.stock_position WHERE abs(hashtext(location_id || sku)) % 1000 < $1::float * 1000`,
    [withForecast],
  );
  await owner.query(
    `UPDATE ${SCHEMA}.stock_position p SET days_of_cover =
        CASE WHEN p.on_hand <= 0 THEN 0 WHEN f.forecast_daily_demand > 0 THEN p.on_hand::double precision / f.forecast_daily_demand END
       FROM ${SCHEMA}.item_forecast f WHERE f.sku = p.sku AND f.location_id = p.location_id`,
  );
  for (const table of ['stock_position', 'item_forecast']) await owner.query(`VACUUM ANALYZE ${SCHEMA}.${table}`);
}
