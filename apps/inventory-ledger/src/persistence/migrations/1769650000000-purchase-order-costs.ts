// Costs posted for a whole purchase order (docs/valuation.md, "Costs of a whole purchase order").
// purchase_order_receipt indexes the receipts of each order, so sharing a cost over them reads
// one order's rows, never the movement history: a receipt naming an order adds its row in the
// statement that records the receipt (LedgerSql.writeBatch). The receipts recorded before this
// migration are indexed here, once, from the movement partitions still attached.
// purchase_order_cost is the record of every cost applied, by its id, with the body it came with:
// the same cost again is a duplicate, the same id with another body a conflict.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PurchaseOrderCosts1769650000000 implements MigrationInterface {
  name = 'PurchaseOrderCosts1769650000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${runner.connection.driver.schema ?? 'inventory_ledger'}"`;
    await runner.query(`
      CREATE TABLE ${s}.purchase_order_receipt (
        purchase_order_id text NOT NULL,
        receipt_movement_id text NOT NULL,
        sku text NOT NULL,
        location_id text NOT NULL,
        quantity bigint NOT NULL,
        received_value numeric(24,4) NOT NULL,
        PRIMARY KEY (purchase_order_id, receipt_movement_id)
      )`);
    await runner.query(`
      INSERT INTO ${s}.purchase_order_receipt (purchase_order_id, receipt_movement_id, sku, location_id, quantity, received_value)
      SELECT m.payload->>'purchaseOrderId', m.movement_id, m.sku, m.location_id, m.quantity_delta, m.value_delta + m.cost_of_goods_sold
        FROM ${s}.movement m
       WHERE m.kind = 'receipt' AND m.payload->>'purchaseOrderId' IS NOT NULL
      ON CONFLICT DO NOTHING`);
    await runner.query(`
      CREATE TABLE ${s}.purchase_order_cost (
        cost_id text PRIMARY KEY,
        purchase_order_id text NOT NULL,
        fingerprint text NOT NULL,
        amount numeric(24,4) NOT NULL,
        basis text NOT NULL,
        shares integer NOT NULL,
        payload json NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${runner.connection.driver.schema ?? 'inventory_ledger'}"`;
    await runner.query(`DROP TABLE IF EXISTS ${s}.purchase_order_cost`);
    await runner.query(`DROP TABLE IF EXISTS ${s}.purchase_order_receipt`);
  }
}
