// No query reads movements by recorded_at (history pages by balance version, as-of sums by
// occurred_at, the relay by movement_seq), yet every appended movement paid for the index: one
// of the movement table's five, a share of each COPY. Dropped; the column stays.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DropRecordedAtIndex1764300000000 implements MigrationInterface {
  name = 'DropRecordedAtIndex1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`DROP INDEX IF EXISTS "${schema}".movement_recorded`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`CREATE INDEX IF NOT EXISTS movement_recorded ON "${schema}".movement (recorded_at)`);
  }
}
