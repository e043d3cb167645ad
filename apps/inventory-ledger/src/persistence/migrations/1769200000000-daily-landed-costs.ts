// location_daily_landed_cost: what landed costs and cost corrections did per location, business
// day (UTC) and cost type: the value they added to (or took from) the shelf and the cost-of-goods
// variance derived for units no longer there (docs/valuation.md, "Landed costs"), for the period
// report. Only a batch that holds a landed cost inserts rows, in the statement that writes its
// movements; rows are only added, so batches of two instances never wait on one row, and a report
// reads the days asked from the (location, day) or (day) index. No backfill: no landed cost was
// recorded before this table.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DailyLandedCosts1769200000000 implements MigrationInterface {
  name = 'DailyLandedCosts1769200000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${runner.connection.driver.schema ?? 'inventory_ledger'}"`;
    await runner.query(`
      CREATE TABLE ${s}.location_daily_landed_cost (
        location_id text NOT NULL,
        day date NOT NULL,
        cost_type text NOT NULL,
        revalued numeric(24,4) NOT NULL,
        variance numeric(24,4) NOT NULL,
        movements integer NOT NULL
      )`);
    await runner.query(`CREATE INDEX location_daily_landed_cost_by_location ON ${s}.location_daily_landed_cost (location_id, day)`);
    await runner.query(`CREATE INDEX location_daily_landed_cost_by_day ON ${s}.location_daily_landed_cost (day)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "${runner.connection.driver.schema ?? 'inventory_ledger'}".location_daily_landed_cost`);
  }
}
