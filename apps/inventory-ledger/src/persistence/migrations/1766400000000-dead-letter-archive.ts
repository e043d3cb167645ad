// The archive of inventory.movements.dead-letter.v1 (dead_letter, dead_letter_action: see
// createDeadLetterTables), so operators list, replay and discard refused movements and catalog
// records. The writer role archives letters and records replays and discards.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDeadLetterTables, dropDeadLetterTables } from '@ledgerline/messaging';
import { ledgerWriterRole } from './1764100000000-least-privilege-writer';

export class DeadLetterArchive1766400000000 implements MigrationInterface {
  name = 'DeadLetterArchive1766400000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    for (const statement of createDeadLetterTables(schema)) await runner.query(statement);
    const role = ledgerWriterRole(schema);
    await runner.query(`GRANT SELECT, INSERT, UPDATE ON "${schema}".dead_letter, "${schema}".dead_letter_action TO "${role}"`);
    await runner.query(`GRANT USAGE ON "${schema}".dead_letter_archive_seq_seq, "${schema}".dead_letter_action_action_seq_seq TO "${role}"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of dropDeadLetterTables(runner.connection.driver.schema ?? 'inventory_ledger')) await runner.query(statement);
  }
}
