// What the front door learns of transfers shipped through any door (an ERP or WMS publishing
// transfer-out on Kafka, or this front door): one row per shipment the ledger applied, keyed by
// the transfer-out's movement id, filled from the ledger's stock-changed events. The transfer-out
// event brings the quantity, the transfer-shipped event at the destination the destination; a
// shipment counts towards its line once both are there. Read by (transfer_id, sku) beside
// movement_request, whose own shipments under the same movement id are not counted twice.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LedgerShipments1769510000000 implements MigrationInterface {
  name = 'LedgerShipments1769510000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`
      CREATE TABLE "${schema}".ledger_shipment (
        movement_id text PRIMARY KEY,
        transfer_id text NOT NULL,
        sku text NOT NULL,
        from_location_id text NOT NULL,
        to_location_id text,
        quantity bigint,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX ledger_shipment_transfer_line ON "${schema}".ledger_shipment (transfer_id, sku)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`DROP TABLE "${schema}".ledger_shipment`);
  }
}
