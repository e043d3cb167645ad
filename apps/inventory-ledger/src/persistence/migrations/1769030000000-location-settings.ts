// The catalog's locations as the ledger needs them: the region each belongs to, so that available
// to promise and reservations across locations can name a region instead of listing its
// locations. Filled from catalog.locations.v1 (compacted, read from its beginning), newest
// version by the catalog's updatedAt.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LocationSettings1769030000000 implements MigrationInterface {
  name = 'LocationSettings1769030000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`
      CREATE TABLE "${schema}".location_setting (
        location_id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL,
        region text,
        active boolean NOT NULL,
        source_updated_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A region's active locations, in location order: what a request naming the region reads.
    await runner.query(`CREATE INDEX location_setting_by_region ON "${schema}".location_setting (region, location_id) WHERE active`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`DROP TABLE IF EXISTS "${schema}".location_setting`);
  }
}
