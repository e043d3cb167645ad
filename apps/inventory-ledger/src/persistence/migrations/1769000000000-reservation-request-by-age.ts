// Reservation idempotency records are kept for RESERVATION_REQUEST_KEEP_MS, then deleted in bounded
// batches, oldest first: this index finds them without reading the table, so a pruning pass costs
// what it deletes. The ledger's role may now delete from the table (ledger-grants.ts).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReservationRequestByAge1769000000000 implements MigrationInterface {
  name = 'ReservationRequestByAge1769000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`CREATE INDEX reservation_request_by_age ON "${schema}".reservation_request (created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`DROP INDEX IF EXISTS "${schema}".reservation_request_by_age`);
  }
}
