// Each movement id applied from now on points at its movement row (movement_seq and recorded_at,
// the movement table's primary key) instead of carrying the fingerprint of its body. The body is
// in that row already: a movement re-sent under an applied id is compared with it there, so the
// fingerprint (canonical JSON and SHA-256) is taken only for the rare id that comes again, not for
// every movement applied. Rows written before keep their fingerprint (or none, from before
// fingerprints) and are compared as they were.
//
// A detached month takes its movement rows away: the detach command first keeps the fingerprints
// of that month's applied ids in archived_movement_fingerprint, so a movement re-sent after its
// month was archived is still told apart from a duplicate. It is written only by the detach
// command (as the schema owner) and, like the movements, never changed.
//
// Adding nullable columns without defaults rewrites nothing.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AppliedIdsPointToTheirMovements1769400000000 implements MigrationInterface {
  name = 'AppliedIdsPointToTheirMovements1769400000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    const s = `"${schema}"`;
    await runner.query(`ALTER TABLE ${s}.applied_movement_id ADD COLUMN movement_seq bigint, ADD COLUMN recorded_at timestamptz`);
    await runner.query(`CREATE TABLE ${s}.archived_movement_fingerprint (movement_id text PRIMARY KEY, fingerprint text NOT NULL)`);
    await runner.query(`
      CREATE TRIGGER archived_movement_fingerprint_append_only BEFORE UPDATE OR DELETE ON ${s}.archived_movement_fingerprint
      FOR EACH ROW EXECUTE FUNCTION ${s}.reject_movement_change()`);
    await runner.query(`
      CREATE TRIGGER archived_movement_fingerprint_no_truncate BEFORE TRUNCATE ON ${s}.archived_movement_fingerprint
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.reject_movement_change()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    const s = `"${schema}"`;
    await runner.query(`DROP TABLE ${s}.archived_movement_fingerprint`);
    await runner.query(`ALTER TABLE ${s}.applied_movement_id DROP COLUMN movement_seq, DROP COLUMN recorded_at`);
  }
}
