// Reservations (docs/reservations.md). The balance carries `reserved`, the sum of what its open
// reservations still hold, so one conditional UPDATE of the balance row decides a grant: it adds
// the quantity only where on hand - reserved - the channel's buffer still covers it, and the row
// lock of that one statement orders every decision of the key across instances. The reservation
// rows, the idempotency records and the buffers are the ledger's own tables; reservation events
// go through the outbox like every other event.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ledgerWriterRole } from './1764100000000-least-privilege-writer';

export class Reservations1768300000000 implements MigrationInterface {
  name = 'Reservations1768300000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    const role = ledgerWriterRole(schema);
    // A constant default: PostgreSQL adds the column without rewriting the table.
    await runner.query(`ALTER TABLE "${schema}".stock_balance ADD COLUMN reserved bigint NOT NULL DEFAULT 0`);
    await runner.query(`
      CREATE TABLE "${schema}".reservation (
        reservation_id text PRIMARY KEY,
        idempotency_key text NOT NULL,
        line_number int NOT NULL,
        sku text NOT NULL,
        location_id text NOT NULL,
        channel text NOT NULL,
        quantity bigint NOT NULL CHECK (quantity > 0),
        fulfilled_quantity bigint NOT NULL DEFAULT 0 CHECK (fulfilled_quantity >= 0 AND fulfilled_quantity <= quantity),
        status text NOT NULL CHECK (status IN ('open', 'released', 'expired', 'fulfilled')),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (idempotency_key, line_number)
      )`);
    // The expiry reads only open reservations, soonest first: its cost follows what is due.
    await runner.query(`CREATE INDEX reservation_open_by_expiry ON "${schema}".reservation (expires_at) WHERE status = 'open'`);
    // The drift audit sums a key's open reservations against its balance's reserved.
    await runner.query(`CREATE INDEX reservation_open_by_key ON "${schema}".reservation (sku, location_id) WHERE status = 'open'`);
    await runner.query(`
      CREATE TABLE "${schema}".reservation_request (
        idempotency_key text PRIMARY KEY,
        fingerprint text NOT NULL,
        answer jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE "${schema}".safety_buffer (
        location_id text NOT NULL,
        channel text NOT NULL,
        sku text NOT NULL,
        quantity bigint NOT NULL CHECK (quantity >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (location_id, channel, sku)
      )`);
    // Every change of a reservation, in order, for the key's history beside its movements.
    await runner.query(`
      CREATE TABLE "${schema}".reservation_event (
        event_seq bigserial PRIMARY KEY,
        reservation_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('granted', 'extended', 'released', 'expired', 'fulfilled', 'consumed')),
        sku text NOT NULL,
        location_id text NOT NULL,
        quantity bigint NOT NULL,
        reserved_after bigint NOT NULL,
        on_hand_after bigint NOT NULL,
        movement_id text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX reservation_event_by_key ON "${schema}".reservation_event (sku, location_id, event_seq)`);
    // An all-or-nothing request is one statement: when a line is not covered, this fails it whole
    // (SQLSTATE LL002), so no line of it is kept and no balance row stays locked past it.
    await runner.query(`
      CREATE OR REPLACE FUNCTION "${schema}".require_all_reserved(granted int, wanted int) RETURNS int
      LANGUAGE plpgsql AS $$
      BEGIN
        IF granted <> wanted THEN
          RAISE EXCEPTION USING ERRCODE = 'LL002', MESSAGE = format('%s of %s reservation line(s) not covered', wanted - granted, wanted);
        END IF;
        RETURN granted;
      END $$`);
    await runner.query(`GRANT SELECT, INSERT, UPDATE ON "${schema}".reservation, "${schema}".reservation_request, "${schema}".safety_buffer TO "${role}"`);
    await runner.query(`GRANT SELECT, INSERT ON "${schema}".reservation_event TO "${role}"`);
    await runner.query(`GRANT USAGE ON SEQUENCE "${schema}".reservation_event_event_seq_seq TO "${role}"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`DROP FUNCTION IF EXISTS "${schema}".require_all_reserved(int, int)`);
    await runner.query(`DROP TABLE "${schema}".reservation_event, "${schema}".safety_buffer, "${schema}".reservation_request, "${schema}".reservation`);
    await runner.query(`ALTER TABLE "${schema}".stock_balance DROP COLUMN reserved`);
  }
}
