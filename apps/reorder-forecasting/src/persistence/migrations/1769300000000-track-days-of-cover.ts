// Days of cover kept on each position: stock_position.days_of_cover, on hand over the forecast
// daily demand of the key's latest fit (0 with nothing on hand, null without a fit or with no
// demand forecast). The intake sets it with the position and a fit sets it with the forecast, both
// under the position's lock, so it always agrees with the two. The index orders one location's
// keys by it and carries on hand, so a page of a location sorted by days of cover is read from
// the index alone (skipping the entries before it), bounded by the location's assortment. Positions known before this migration get theirs
// here, once.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { daysOfCoverSql } from '../days-of-cover-column';

export class TrackDaysOfCover1769300000000 implements MigrationInterface {
  name = 'TrackDaysOfCover1769300000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'reorder_forecasting';
    await runner.query(`ALTER TABLE "${schema}".stock_position ADD COLUMN days_of_cover double precision`);
    await runner.query(
      `UPDATE "${schema}".stock_position p SET days_of_cover = ${daysOfCoverSql('p.on_hand', 'f.forecast_daily_demand')}
         FROM "${schema}".item_forecast f WHERE f.sku = p.sku AND f.location_id = p.location_id`,
    );
    await runner.query(`CREATE INDEX stock_position_by_cover ON "${schema}".stock_position (location_id, days_of_cover, sku) INCLUDE (on_hand) WHERE balance_version > 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'reorder_forecasting';
    await runner.query(`DROP INDEX IF EXISTS "${schema}".stock_position_by_cover`);
    await runner.query(`ALTER TABLE "${schema}".stock_position DROP COLUMN IF EXISTS days_of_cover`);
  }
}
