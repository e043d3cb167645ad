// The closing inventory of each close (docs/valuation.md, "Closing inventory"):
//   - closing_inventory: per close and key (location, SKU) with movements booked through the
//     closed-through day, its on hand, in transit, both values and valuation method by posting
//     day through that day, and the balance version it was taken at. Only added to: no movement
//     applied after a close is booked on or before its day, so a row once kept stays true;
//   - closing_inventory_build: one row per close, written in the close's own transaction: how far
//     the build, in key order, has come (the last key done), how many keys it has read and
//     whether it is done. A ledger restarted mid-build resumes after the last key done;
//   - movement_posted_later: the movements whose posting day is not their business day (only
//     those dated in a closed period and applied after its close, so the index stays small). The
//     build finds a key's movements dated on or before the day but booked after it through it,
//     without walking the key's history.
// Closes made before this migration get a build row and are built when the ledger starts.
//
// Building the partial index reads every attached movement partition once (it writes an entry
// only for the movements applied late into a closed period): run it with the ledger stopped on a
// large ledger, like 1769900000000.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ClosingInventory1769950000000 implements MigrationInterface {
  name = 'ClosingInventory1769950000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${runner.connection.driver.schema ?? 'inventory_ledger'}"`;
    await runner.query(`
      CREATE TABLE ${s}.closing_inventory_build (
        close_seq bigint PRIMARY KEY REFERENCES ${s}.period_close (close_seq),
        after_location_id text,
        after_sku text,
        keys_done bigint NOT NULL DEFAULT 0,
        keys_total bigint,
        done boolean NOT NULL DEFAULT false,
        finished_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE ${s}.closing_inventory (
        close_seq bigint NOT NULL REFERENCES ${s}.period_close (close_seq),
        location_id text NOT NULL,
        sku text NOT NULL,
        on_hand bigint NOT NULL,
        in_transit bigint NOT NULL,
        inventory_value numeric(24,4) NOT NULL,
        in_transit_value numeric(24,4) NOT NULL,
        valuation_method text NOT NULL,
        balance_version bigint NOT NULL,
        movements bigint NOT NULL,
        PRIMARY KEY (close_seq, location_id, sku)
      )`);
    await runner.query(`CREATE INDEX movement_posted_later ON ${s}.movement (sku, location_id, posting_day) WHERE posting_day IS NOT NULL`);
    await runner.query(`INSERT INTO ${s}.closing_inventory_build (close_seq) SELECT close_seq FROM ${s}.period_close`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${runner.connection.driver.schema ?? 'inventory_ledger'}"`;
    await runner.query(`DROP INDEX IF EXISTS ${s}.movement_posted_later`);
    await runner.query(`DROP TABLE IF EXISTS ${s}.closing_inventory`);
    await runner.query(`DROP TABLE IF EXISTS ${s}.closing_inventory_build`);
  }
}
