// The alert log: every occurrence of an alert the dashboard read from the alerts topic, kept so the
// alerts list can be filtered by type, location and time over more than the recent ones held in
// memory. One row per occurrence (an alert id raised again is a new row); the indexes serve each
// combination of filters newest first, so a page reads only the rows it shows.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AlertLog1768900000000 implements MigrationInterface {
  name = 'AlertLog1768900000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'ops_dashboard';
    const table = `"${schema}".alert_occurrence`;
    await runner.query(`
      CREATE TABLE ${table} (
        alert_id text NOT NULL,
        raised_at timestamptz NOT NULL,
        type text NOT NULL,
        location_id text NOT NULL,
        alert jsonb NOT NULL,
        PRIMARY KEY (alert_id, raised_at)
      )`);
    await runner.query(`CREATE INDEX alert_occurrence_newest ON ${table} (raised_at DESC, alert_id DESC)`);
    await runner.query(`CREATE INDEX alert_occurrence_by_type ON ${table} (type, raised_at DESC, alert_id DESC)`);
    await runner.query(`CREATE INDEX alert_occurrence_by_location ON ${table} (location_id, type, raised_at DESC, alert_id DESC)`);
    await runner.query(`CREATE INDEX alert_occurrence_by_location_newest ON ${table} (location_id, raised_at DESC, alert_id DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${runner.connection.driver.schema ?? 'ops_dashboard'}".alert_occurrence`);
  }
}
