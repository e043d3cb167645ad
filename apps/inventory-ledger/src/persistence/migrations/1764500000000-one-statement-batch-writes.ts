// A batch's writes as one statement that commits itself (LedgerSql.writeBatch) need a way to fail
// it whole when a balance is no longer the version the batch read. SQL alone cannot raise an
// error, so the statement's check calls this function, which raises a SQLSTATE of the ledger's
// own (LL001) with the number of balances missed as its detail; the writer reads that as a
// conflict and applies the batch again with the balances locked.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OneStatementBatchWrites1764500000000 implements MigrationInterface {
  name = 'OneStatementBatchWrites1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`
      CREATE OR REPLACE FUNCTION "${schema}".require_balances_written(written int, expected int) RETURNS int
      LANGUAGE plpgsql AS $$
      BEGIN
        IF written <> expected THEN
          RAISE EXCEPTION USING
            ERRCODE = 'LL001',
            MESSAGE = format('%s balance(s) changed by another transaction since the batch read them', expected - written),
            DETAIL = (expected - written)::text;
        END IF;
        RETURN written;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`DROP FUNCTION IF EXISTS "${schema}".require_balances_written(int, int)`);
  }
}
