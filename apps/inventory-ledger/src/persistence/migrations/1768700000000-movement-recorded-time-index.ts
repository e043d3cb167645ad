// A BRIN index on the movement table's recorded time, for the export of a location's movements
// recorded in a time range. Monthly partitions already keep that read to the months asked; inside
// a month this index keeps it to the blocks written in the range, as movements are appended in
// recorded order. A BRIN index holds one summary per range of blocks, so an appended movement
// costs it almost nothing, unlike a fourth B-tree on the table. Created on the partitioned table,
// so every partition has it and every month created later gets it. Building it reads each
// partition once while writes to the table wait: on a large ledger, run it with the ledger stopped.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MovementRecordedTimeIndex1768700000000 implements MigrationInterface {
  name = 'MovementRecordedTimeIndex1768700000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`CREATE INDEX movement_recorded_brin ON "${schema}".movement USING brin (recorded_at) WITH (autosummarize = on)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`DROP INDEX IF EXISTS "${schema}".movement_recorded_brin`);
  }
}
