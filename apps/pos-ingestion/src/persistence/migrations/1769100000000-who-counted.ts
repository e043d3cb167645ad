// Who counted each item of a count list: the credential (a store key or a service credential, by
// its key id) that posted its first count and its recount, beside who reviewed it, so a variance
// can be taken up with the person who counted.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WhoCounted1769100000000 implements MigrationInterface {
  name = 'WhoCounted1769100000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`ALTER TABLE "${schema}".count_list_item ADD COLUMN counted_by text, ADD COLUMN recounted_by text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`ALTER TABLE "${schema}".count_list_item DROP COLUMN counted_by, DROP COLUMN recounted_by`);
  }
}
