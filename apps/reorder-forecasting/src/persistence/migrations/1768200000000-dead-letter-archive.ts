// The archive of forecasting.stock-changed.dead-letter.v1 (dead_letter, dead_letter_action: see
// createDeadLetterTables), so operators list, replay and discard the stock changes this service
// refused, like the ledger's and pos-ingestion's refused records.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDeadLetterTables, dropDeadLetterTables } from '@ledgerline/messaging';

export class DeadLetterArchive1768200000000 implements MigrationInterface {
  name = 'DeadLetterArchive1768200000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of createDeadLetterTables(runner.connection.driver.schema ?? 'reorder_forecasting')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of dropDeadLetterTables(runner.connection.driver.schema ?? 'reorder_forecasting')) await runner.query(statement);
  }
}
