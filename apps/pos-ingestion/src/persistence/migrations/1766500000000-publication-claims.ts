// A claim on publishing a transaction, so that nothing holds a row lock or an open transaction
// while it waits for Kafka: a publisher marks the rows it is about to send with its claim token
// and a lease in one short transaction, sends outside any transaction, then marks them
// published. Others leave a row with a live lease alone (a request waits for the holder's
// result, the republisher moves on); a lease that ran out (a crashed instance, a send given up
// on) may be claimed again.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PublicationClaims1766500000000 implements MigrationInterface {
  name = 'PublicationClaims1766500000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`ALTER TABLE "${schema}".pos_transaction ADD COLUMN publish_claim text, ADD COLUMN publish_claimed_until timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`ALTER TABLE "${schema}".pos_transaction DROP COLUMN publish_claimed_until, DROP COLUMN publish_claim`);
  }
}
