// Search of SKUs by part of their code, as an operator types: a trigram index (pg_trgm, GIN) on
// stock_balance's sku serves ILIKE with a pattern of three characters or more anywhere in the
// code, and a prefix of any length (pg_trgm pads the start of a word), so a search reads the index
// entries of what matches instead of every balance. Locations need no index: they are searched in
// location_valuation, one row per location.
//
// The index changes only when a balance is created: an update of a balance keeps its key, so it
// stays a heap-only update that touches no index. The extension is trusted (PostgreSQL 13 and
// later), so the database owner creates it without superuser rights; when another schema of the
// database installed it already, its operator classes are used from there.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BalanceKeySearch1767200000000 implements MigrationInterface {
  name = 'BalanceKeySearch1767200000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA "${schema}"`);
    const [installed]: Array<{ schema: string }> = await runner.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
    );
    const operatorClass = `"${installed?.schema ?? schema}".gin_trgm_ops`;
    await runner.query(`CREATE INDEX stock_balance_sku_search ON "${schema}".stock_balance USING gin (sku ${operatorClass})`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`DROP INDEX IF EXISTS "${schema}".stock_balance_sku_search`);
  }
}
