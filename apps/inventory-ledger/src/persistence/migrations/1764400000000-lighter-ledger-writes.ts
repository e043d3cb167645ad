// Costs every applied movement paid for nothing a query needs. Measured alone on this
// PostgreSQL, in 5,000-row transactions like a backlog's:
// - The movement payload (the movement as received, kept for audit and shown in the history) was
//   jsonb, which PostgreSQL parses into its binary form on the way in; nothing looks inside it on
//   a hot path, and json keeps the text as written after a validity check. COPY of 100,000
//   ledger rows: 27,700 to 29,000 rows/s as jsonb, 29,100 to 37,000 as json.
// - The index on (sku, location_id, occurred_at) served as-of sums (stock as of a time, the book
//   quantity a count is compared with). Such a sum reads nearly every movement of its key either
//   way, so the unique index on (sku, location_id, balance_version) serves it with occurred_at as
//   a filter; only an as-of time far back on a busy key now also reads the key's later movements.
//   COPY as json without it: 40,000 to 50,000 rows/s.
// - Balances are updated in place by every batch. With full pages an update whose new version
//   does not fit beside the old one goes to another page and writes both indexes; with room left
//   in each page (fillfactor 70) nearly all stay on their page and touch no index. Updating 3,000
//   of 100,000 balances a transaction: 37,000 to 44,000 rows/s full, 42,000 to 49,000 with room.
//   The setting applies to pages written from now on.
//
// The type change rewrites the movement table under an exclusive lock, so a large existing ledger
// should run this migration ahead of a rollout (README, Database migrations).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LighterLedgerWrites1764400000000 implements MigrationInterface {
  name = 'LighterLedgerWrites1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`DROP INDEX IF EXISTS "${schema}".movement_key_occurred`);
    await runner.query(`ALTER TABLE "${schema}".movement ALTER COLUMN payload TYPE json USING payload::json`);
    await runner.query(`ALTER TABLE "${schema}".stock_balance SET (fillfactor = 70)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`ALTER TABLE "${schema}".stock_balance RESET (fillfactor)`);
    await runner.query(`ALTER TABLE "${schema}".movement ALTER COLUMN payload TYPE jsonb USING payload::jsonb`);
    await runner.query(`CREATE INDEX IF NOT EXISTS movement_key_occurred ON "${schema}".movement (sku, location_id, occurred_at)`);
  }
}
