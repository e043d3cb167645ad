// Keeps, with every movement id applied, the fingerprint of the body it was applied with
// (movementFingerprint: SHA-256 of its canonical JSON), so that the same id re-sent with another
// body is refused as a conflict (LEDGER.CONFLICT, dead-lettered) instead of being skipped as a
// duplicate. Ids applied before this migration keep no fingerprint (NULL) and stay duplicates:
// their bodies are not read back from the movement table, whose old months may be archived.
// Adding a nullable column without a default rewrites nothing.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MovementFingerprints1768400000000 implements MigrationInterface {
  name = 'MovementFingerprints1768400000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`ALTER TABLE "${schema}".applied_movement_id ADD COLUMN fingerprint text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`ALTER TABLE "${schema}".applied_movement_id DROP COLUMN fingerprint`);
  }
}
