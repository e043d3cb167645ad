// When each series next needs a fit: stock_position.refit_due_at. The intake moves it earlier when
// a series gets new demand (to the end of the day the demand fell on: fits read whole days only),
// a fit moves it to the fit's time plus the staleness, and the scheduler asks only for the most
// overdue few through the partial index, so a series that did not change costs nothing until it
// goes stale. Series known before this migration are all due once, to start the schedule.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TrackRefitDue1766300000000 implements MigrationInterface {
  name = 'TrackRefitDue1766300000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'reorder_forecasting';
    await runner.query(`ALTER TABLE "${schema}".stock_position ADD COLUMN refit_due_at timestamptz`);
    await runner.query(`UPDATE "${schema}".stock_position SET refit_due_at = now() WHERE balance_version > 0`);
    await runner.query(`CREATE INDEX stock_position_refit_due ON "${schema}".stock_position (refit_due_at) WHERE refit_due_at IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'reorder_forecasting';
    await runner.query(`DROP INDEX IF EXISTS "${schema}".stock_position_refit_due`);
    await runner.query(`ALTER TABLE "${schema}".stock_position DROP COLUMN IF EXISTS refit_due_at`);
  }
}
