// The counting signals are updated in place: a key's row with each batch of its stock changes, a
// key and day's counters with each change of that day. With full pages an update whose new
// version does not fit beside the old one goes to another page and writes the primary key's index
// as well; with room left in each page (fillfactor 70) nearly every update stays on its page and
// touches no index, as the ledger's balances do. The setting applies to pages written from now on.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CountingSignalsRoomToUpdate1769800000000 implements MigrationInterface {
  name = 'CountingSignalsRoomToUpdate1769800000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    for (const table of ['count_signal', 'count_signal_day']) await runner.query(`ALTER TABLE "${schema}".${table} SET (fillfactor = 70)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    for (const table of ['count_signal', 'count_signal_day']) await runner.query(`ALTER TABLE "${schema}".${table} RESET (fillfactor)`);
  }
}
