// What the front door learns of transfer receipts taken through any door (a WMS publishing
// transfer-in on Kafka, or this front door): one row per transfer-in the ledger applied, keyed by
// its movement id, filled from the ledger's stock-changed events. Read by (transfer_id, sku) beside
// movement_request and ledger_shipment, whose own receipts under the same movement id are not
// counted twice, so a receipt over Kafka counts against what an HTTP receipt may still receive.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LedgerReceipts1769730000000 implements MigrationInterface {
  name = 'LedgerReceipts1769730000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`
      CREATE TABLE "${schema}".ledger_receipt (
        movement_id text PRIMARY KEY,
        transfer_id text NOT NULL,
        sku text NOT NULL,
        from_location_id text NOT NULL,
        to_location_id text NOT NULL,
        quantity bigint NOT NULL CHECK (quantity > 0),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX ledger_receipt_transfer_line ON "${schema}".ledger_receipt (transfer_id, sku)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`DROP TABLE "${schema}".ledger_receipt`);
  }
}
