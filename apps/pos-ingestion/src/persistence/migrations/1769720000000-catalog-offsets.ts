// How far the catalog copy has applied each partition of the catalog topics: the offset of the next
// record to apply, written in the statement that applies the records before it. The copy's progress
// thus belongs to its database rather than to its consumer groups: a new, empty database reads the
// catalog from the beginning whatever the groups committed, and the door judges "caught up" by it.
// A copy from before this table has no positions: it reads the catalog once more from the
// beginning, which changes none of its rows (the newest updatedAt per key wins).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogOffsets1769720000000 implements MigrationInterface {
  name = 'CatalogOffsets1769720000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`
      CREATE TABLE "${schema}".catalog_offset (
        topic text NOT NULL,
        partition integer NOT NULL,
        next_offset bigint NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (topic, partition)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`DROP TABLE "${schema}".catalog_offset`);
  }
}
