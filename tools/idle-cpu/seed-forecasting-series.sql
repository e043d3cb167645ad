-- Known positions and daily demand up to yesterday for :series SKU/locations over :days days, in a
-- migrated reorder_forecasting schema, each series due for its first fit as the intake leaves a
-- series it sees for the first time. Usage:
--   psql "$DATABASE_URL" -v series=5000 -v days=180 -f tools/idle-cpu/seed-forecasting-series.sql
INSERT INTO reorder_forecasting.stock_position (sku, location_id, on_hand, on_order, in_transit, balance_version, refit_due_at)
SELECT 'SKU-' || lpad((i / 38)::text, 5, '0'), 'S' || lpad((i % 38)::text, 2, '0'), 100, 0, 0, 200, now()
  FROM generate_series(0, :series - 1) AS i;
INSERT INTO reorder_forecasting.daily_demand (sku, location_id, day, demand_units, sold_units, returned_units, voided_units,
  min_on_hand, closing_on_hand, closing_at, closing_version, movements)
SELECT p.sku, p.location_id, d.day, u.units, u.units, 0, 0, 50, 100, d.day + interval '20 hours', 1, 1
  FROM reorder_forecasting.stock_position p
 CROSS JOIN generate_series((now() AT TIME ZONE 'UTC')::date - :days, (now() AT TIME ZONE 'UTC')::date - 1, interval '1 day') AS d(day)
 CROSS JOIN LATERAL (SELECT (abs(hashtext(p.sku || p.location_id || d.day::text)) % 7)::bigint AS units) AS u;
