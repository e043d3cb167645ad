// A movement row carries the whole balance after it and the event that caused it, so the relay
// builds its stock-changed and stock-levels events from the row itself. The outbox then holds one
// "applied batch" record per transaction (the movement_seq ranges it wrote) instead of one wide
// record per event: the hot path writes each movement once, not three times (movement, outbox
// record, outbox record marked published).
//
// Rows recorded before this migration keep NULL in the new columns; their events were written to
// the outbox in full at the time and are published from there.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventsFromMovements1764200000000 implements MigrationInterface {
  name = 'EventsFromMovements1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`
      ALTER TABLE "${schema}".movement
        ADD COLUMN in_transit_after bigint,
        ADD COLUMN on_order_after bigint,
        ADD COLUMN inventory_value_after numeric(24,4),
        ADD COLUMN average_unit_cost_after numeric(24,4),
        ADD COLUMN cause_event_id text,
        ADD COLUMN correlation_id text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`
      ALTER TABLE "${schema}".movement
        DROP COLUMN in_transit_after, DROP COLUMN on_order_after, DROP COLUMN inventory_value_after,
        DROP COLUMN average_unit_cost_after, DROP COLUMN cause_event_id, DROP COLUMN correlation_id`);
  }
}
