// The movements front door (receipts, adjustments, transfers, purchase orders, counts):
//   api_key.purpose   'till' (POS transactions, as every key issued before) or 'store-operations'
//                     (a store's staff posting movements for that store only); neither opens the other.
//   movement_request  every movement taken in over HTTP, keyed by its movement id: the unique key
//                     is the idempotency check across restarts and instances, the fingerprint
//                     tells a retry (same content) from a conflict. published_at stays NULL until
//                     Kafka acknowledged it; a retry unchanged publishes it again if need be (the
//                     ledger drops the copy). Transfer lines are kept so a receipt of a transfer
//                     is checked against what was shipped, read by (transfer_id, sku).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StoreOperations1768400000000 implements MigrationInterface {
  name = 'StoreOperations1768400000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(
      `ALTER TABLE "${schema}".api_key ADD COLUMN purpose text NOT NULL DEFAULT 'till' CHECK (purpose IN ('till', 'store-operations'))`,
    );
    await runner.query(`
      CREATE TABLE "${schema}".movement_request (
        movement_id text PRIMARY KEY,
        fingerprint text NOT NULL,
        kind text NOT NULL,
        sku text NOT NULL,
        location_id text NOT NULL,
        quantity bigint,
        transfer_id text,
        from_location_id text,
        to_location_id text,
        key_id text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await runner.query(
      `CREATE INDEX movement_request_transfer_line ON "${schema}".movement_request (transfer_id, sku) WHERE transfer_id IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`DROP TABLE "${schema}".movement_request`);
    await runner.query(`ALTER TABLE "${schema}".api_key DROP COLUMN purpose`);
  }
}
