// The drift audit also checks each location's running totals (location_valuation and the deltas
// not yet folded: on hand, values, balances opened, negative, out of stock and low) against the
// same figures counted over the location's balances, after its walk over the balances:
//   drift_audit_pass          balances_walked_at marks the end of the walk over the balances;
//                             location_cursor is the last location checked since, and
//                             locations_checked how many.
//   drift_location_mismatch   the (location, field) pairs whose running total disagrees with its
//                             balances, while they do.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DriftAuditOfLocationTotals1769040000000 implements MigrationInterface {
  name = 'DriftAuditOfLocationTotals1769040000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(
      `ALTER TABLE "${schema}".drift_audit_pass ADD COLUMN balances_walked_at timestamptz, ADD COLUMN location_cursor text,
         ADD COLUMN locations_checked bigint NOT NULL DEFAULT 0`,
    );
    await runner.query(`
      CREATE TABLE "${schema}".drift_location_mismatch (
        location_id text NOT NULL,
        field text NOT NULL CHECK (field IN ('onHand', 'inventoryValue', 'inTransitValue', 'balances', 'negative', 'stockout', 'low')),
        kept numeric(34,4) NOT NULL,
        from_balances numeric(34,4) NOT NULL,
        first_seen_at timestamptz NOT NULL,
        last_checked_at timestamptz NOT NULL,
        PRIMARY KEY (location_id, field)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`DROP TABLE IF EXISTS "${schema}".drift_location_mismatch`);
    await runner.query(`ALTER TABLE "${schema}".drift_audit_pass DROP COLUMN balances_walked_at, DROP COLUMN location_cursor, DROP COLUMN locations_checked`);
  }
}
