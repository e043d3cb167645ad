// Alert acknowledgements: append-only, one row per acknowledgement (who, with which credential,
// when, the note, and the occurrence acknowledged), so a restart keeps them and a later
// occurrence of the same alert is told apart. Read by alert id, latest first.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AlertAcknowledgements1768210000000 implements MigrationInterface {
  name = 'AlertAcknowledgements1768210000000';

  async up(runner: QueryRunner): Promise<void> {
    const table = `"${runner.connection.driver.schema ?? 'ops_dashboard'}".alert_acknowledgement`;
    await runner.query(`
      CREATE TABLE ${table} (
        acknowledgement_seq bigserial PRIMARY KEY,
        alert_id text NOT NULL,
        alert_raised_at timestamptz NOT NULL,
        acknowledged_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_by text NOT NULL CHECK (acknowledged_by <> ''),
        key_id text NOT NULL,
        note text NOT NULL CHECK (note <> '')
      )`);
    await runner.query(`CREATE INDEX alert_acknowledgement_by_alert ON ${table} (alert_id, acknowledgement_seq DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${runner.connection.driver.schema ?? 'ops_dashboard'}".alert_acknowledgement`);
  }
}
