// The adjustments of a location in a period (its shrinkage by reason) found through an index of
// adjustments alone: sales, receipts and the other kinds are not in it, so it adds nothing to
// their writes. Built on the partitioned movement table, it is built on every partition (and on
// those created later); on a ledger of many millions of movements run it with the migrate
// command in a quiet window, as its build holds writes back.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AdjustmentsByLocation1768900000000 implements MigrationInterface {
  name = 'AdjustmentsByLocation1768900000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`CREATE INDEX movement_adjustment_by_location ON "${schema}".movement (location_id, occurred_at) WHERE kind = 'adjustment'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "${runner.connection.driver.schema ?? 'inventory_ledger'}".movement_adjustment_by_location`);
  }
}
