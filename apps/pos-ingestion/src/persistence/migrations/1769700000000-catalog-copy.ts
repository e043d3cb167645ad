// The front door's copy of the catalog, learnt from the compacted catalog.items.v1 and
// catalog.locations.v1, so store operations naming an item or a location the catalog lacks are
// refused at the door instead of reaching the ledger. Only what the door checks: existence, the
// active flag (kept to be shown and decided on, not refused today) and the catalog's updatedAt,
// which makes a replayed older version change nothing. Looked up by primary key, a request's
// SKUs and locations in one statement.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogCopy1769700000000 implements MigrationInterface {
  name = 'CatalogCopy1769700000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`
      CREATE TABLE "${schema}".catalog_item (
        sku text PRIMARY KEY,
        active boolean NOT NULL,
        source_updated_at timestamptz NOT NULL,
        learnt_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE "${schema}".catalog_location (
        location_id text PRIMARY KEY,
        kind text NOT NULL,
        active boolean NOT NULL,
        source_updated_at timestamptz NOT NULL,
        learnt_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`DROP TABLE "${schema}".catalog_location`);
    await runner.query(`DROP TABLE "${schema}".catalog_item`);
  }
}
