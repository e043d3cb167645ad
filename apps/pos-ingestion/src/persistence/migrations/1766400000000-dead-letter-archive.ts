// The archive of pos.transactions.dead-letter.v1 (dead_letter, dead_letter_action: see
// createDeadLetterTables), so operators list, replay and discard refused POS records.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDeadLetterTables, dropDeadLetterTables } from '@ledgerline/messaging';

export class DeadLetterArchive1766400000000 implements MigrationInterface {
  name = 'DeadLetterArchive1766400000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of createDeadLetterTables(runner.connection.driver.schema ?? 'pos_ingestion')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of dropDeadLetterTables(runner.connection.driver.schema ?? 'pos_ingestion')) await runner.query(statement);
  }
}
