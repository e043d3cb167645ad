// location_daily_adjustment: what adjustments changed on hand and value by, per location,
// business day (UTC) and reason (count-variance, count-correction, lost, damaged, write-off...),
// for the shrinkage report. Each batch inserts its own rows (adjustmentDeltasOf) in the statement
// that writes its movements; rows are only added, never updated, so batches of two ledger
// instances never wait on one row, and a report sums the rows of the days asked from the
// (location, day) or (day) index: the work follows the period asked, not the history.
//
// Backfill: the adjustments already recorded, grouped the same way, in one read of the movement
// partitions still attached (an index-less filter on kind: one pass over the movements, once).
// Run it with the ledger stopped, as an older version writing meanwhile adds no rows. Months
// archived before this migration are not in the movement table any more and so have no shrinkage
// figures; the carried-forward totals keep no reasons.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DailyAdjustments1768710000000 implements MigrationInterface {
  name = 'DailyAdjustments1768710000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${runner.connection.driver.schema ?? 'inventory_ledger'}"`;
    await runner.query(`
      CREATE TABLE ${s}.location_daily_adjustment (
        location_id text NOT NULL,
        day date NOT NULL,
        reason_code text NOT NULL,
        quantity bigint NOT NULL,
        value numeric(24,4) NOT NULL,
        movements integer NOT NULL
      )`);
    await runner.query(`CREATE INDEX location_daily_adjustment_by_location ON ${s}.location_daily_adjustment (location_id, day)`);
    await runner.query(`CREATE INDEX location_daily_adjustment_by_day ON ${s}.location_daily_adjustment (day)`);
    await runner.query(`
      INSERT INTO ${s}.location_daily_adjustment (location_id, day, reason_code, quantity, value, movements)
      SELECT location_id, (occurred_at AT TIME ZONE 'UTC')::date, COALESCE(payload->>'reasonCode', 'other'), SUM(quantity_delta), SUM(value_delta), count(*)
        FROM ${s}.movement WHERE kind = 'adjustment' GROUP BY 1, 2, 3`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "${runner.connection.driver.schema ?? 'inventory_ledger'}".location_daily_adjustment`);
  }
}
