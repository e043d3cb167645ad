// landed_cost_receipt: each receipt as a landed cost needs it (docs/valuation.md, "Landed costs"),
// by its movement id: key, quantity, the cost it booked, business time, balance version, and the
// key's count of units arrived on the shelf just after it. stock_balance.units_arrived is that
// count as it rises with every positive change of on hand. A landed cost reads its receipt's row
// and its key's balance by primary key, where it used to find the receipt in the movement table
// and sum the key's movements since: a receipt whose month was detached and archived was unknown,
// and arrivals recorded in an archived month were missed. The batch write keeps both in the
// statement that writes the balance. Back-filled here once from the movement partitions still
// attached, with the balances held still so no batch writes meanwhile: each key's count starts
// from its oldest attached movement, which is all a difference of two counts needs. A receipt of
// a month archived before this migration is not in the table (a landed cost naming it stays
// refused as unknown, as before).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LandedCostReceipts1769800000000 implements MigrationInterface {
  name = 'LandedCostReceipts1769800000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${runner.connection.driver.schema ?? 'inventory_ledger'}"`;
    await runner.query(`ALTER TABLE ${s}.stock_balance ADD COLUMN IF NOT EXISTS units_arrived bigint NOT NULL DEFAULT 0`);
    await runner.query(`
      CREATE TABLE ${s}.landed_cost_receipt (
        receipt_movement_id text PRIMARY KEY,
        sku text NOT NULL,
        location_id text NOT NULL,
        quantity bigint NOT NULL,
        received_cost numeric(24,4) NOT NULL,
        occurred_at timestamptz NOT NULL,
        balance_version bigint NOT NULL,
        arrived_through bigint NOT NULL
      )`);
    await runner.query(`LOCK TABLE ${s}.stock_balance IN SHARE ROW EXCLUSIVE MODE`);
    // One pass over the attached movements, in each key's version order.
    await runner.query(`
      WITH counted AS (
        SELECT m.movement_id, m.kind, m.sku, m.location_id, m.quantity_delta, m.value_delta + m.cost_of_goods_sold AS received_cost,
               m.occurred_at, m.balance_version,
               sum(greatest(m.quantity_delta, 0)) OVER (PARTITION BY m.sku, m.location_id ORDER BY m.balance_version) AS arrived_through
          FROM ${s}.movement m),
      kept AS (
        INSERT INTO ${s}.landed_cost_receipt (receipt_movement_id, sku, location_id, quantity, received_cost, occurred_at, balance_version, arrived_through)
        SELECT movement_id, sku, location_id, quantity_delta, received_cost, occurred_at, balance_version, arrived_through
          FROM counted WHERE kind = 'receipt'
        ON CONFLICT DO NOTHING)
      UPDATE ${s}.stock_balance b SET units_arrived = t.arrived
        FROM (SELECT sku, location_id, max(arrived_through) AS arrived FROM counted GROUP BY sku, location_id) t
       WHERE b.sku = t.sku AND b.location_id = t.location_id`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${runner.connection.driver.schema ?? 'inventory_ledger'}"`;
    await runner.query(`DROP TABLE IF EXISTS ${s}.landed_cost_receipt`);
    await runner.query(`ALTER TABLE ${s}.stock_balance DROP COLUMN IF EXISTS units_arrived`);
  }
}
