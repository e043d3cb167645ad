// State of the continuous drift audit (apps/inventory-ledger/src/audit), so that GET /v1/drift
// answers from it instead of summing movements on request, and a restarted auditor resumes.
//   drift_audit_pass   one row per pass over stock_balance in key order: the cursor (last key
//                      checked), what it has checked so far, and when it finished. A key's "last
//                      verified" time follows from its place relative to the cursor, so nothing
//                      is written per key.
//   drift_mismatch     the (key, field) pairs whose stored balance disagrees with the sum of the
//                      key's movements, while they do; a re-check that finds them equal deletes them.
// The writer role keeps a bounded number of passes (DELETE on the pass table) and clears
// mismatches (DELETE on the mismatch table); it gains nothing on movement or stock_balance.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ledgerWriterRole } from './1764100000000-least-privilege-writer';

export class DriftAudit1766000000000 implements MigrationInterface {
  name = 'DriftAudit1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    const role = ledgerWriterRole(schema);
    await runner.query(`
      CREATE TABLE "${schema}".drift_audit_pass (
        pass_number bigint PRIMARY KEY,
        started_at timestamptz NOT NULL,
        cursor_sku text,
        cursor_location_id text,
        cursor_moved_at timestamptz,
        keys_checked bigint NOT NULL DEFAULT 0,
        movements_checked bigint NOT NULL DEFAULT 0,
        mismatches_found bigint NOT NULL DEFAULT 0,
        keys_estimate bigint NOT NULL DEFAULT 0,
        finished_at timestamptz,
        CONSTRAINT drift_audit_pass_cursor_whole CHECK ((cursor_sku IS NULL) = (cursor_location_id IS NULL))
      )`);
    await runner.query(`
      CREATE TABLE "${schema}".drift_mismatch (
        sku text NOT NULL,
        location_id text NOT NULL,
        field text NOT NULL CHECK (field IN ('onHand', 'inTransit', 'onOrder', 'inventoryValue', 'inTransitValue')),
        stored numeric(34,4) NOT NULL,
        from_movements numeric(34,4) NOT NULL,
        first_seen_at timestamptz NOT NULL,
        last_checked_at timestamptz NOT NULL,
        PRIMARY KEY (sku, location_id, field)
      )`);
    await runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "${schema}".drift_audit_pass, "${schema}".drift_mismatch TO "${role}"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`DROP TABLE IF EXISTS "${schema}".drift_mismatch`);
    await runner.query(`DROP TABLE IF EXISTS "${schema}".drift_audit_pass`);
  }
}
