// The ledger's tables in the inventory_ledger schema.
//   movement       append-only: one row per applied movement (derived ones included); a trigger
//                  rejects UPDATE, DELETE and TRUNCATE, and the service role lacks those grants.
//   stock_balance  current state per SKU/location, always equal to the sum of its movements.
//   outbox         events to publish, written in the same transaction as the movements, so a crash
//                  after commit loses none; the relay marks them published.
//   item_setting   the catalog facts the ledger needs (low-stock threshold), from catalog.items.v1.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLedger1764000000000 implements MigrationInterface {
  name = 'CreateLedger1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`
      CREATE TABLE "${schema}".movement (
        movement_seq bigserial PRIMARY KEY,
        movement_id text NOT NULL UNIQUE,
        kind text NOT NULL,
        sku text NOT NULL,
        location_id text NOT NULL,
        quantity_delta bigint NOT NULL,
        in_transit_delta bigint NOT NULL,
        on_order_delta bigint NOT NULL,
        value_delta numeric(24,4) NOT NULL,
        in_transit_value_delta numeric(24,4) NOT NULL,
        cost_of_goods_sold numeric(24,4) NOT NULL,
        balance_version bigint NOT NULL,
        on_hand_after bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        caused_by_movement_id text,
        payload jsonb NOT NULL,
        CONSTRAINT movement_one_version_per_key UNIQUE (sku, location_id, balance_version)
      )`);
    await runner.query(`CREATE INDEX movement_key_occurred ON "${schema}".movement (sku, location_id, occurred_at)`);
    await runner.query(`CREATE INDEX movement_recorded ON "${schema}".movement (recorded_at)`);
    await runner.query(`
      CREATE FUNCTION "${schema}".reject_movement_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'LEDGER.APPEND_ONLY: ledger movements are never updated or deleted'
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await runner.query(`
      CREATE TRIGGER movement_append_only BEFORE UPDATE OR DELETE ON "${schema}".movement
      FOR EACH ROW EXECUTE FUNCTION "${schema}".reject_movement_change()`);
    await runner.query(`
      CREATE TRIGGER movement_no_truncate BEFORE TRUNCATE ON "${schema}".movement
      FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".reject_movement_change()`);

    await runner.query(`
      CREATE TABLE "${schema}".stock_balance (
        sku text NOT NULL,
        location_id text NOT NULL,
        on_hand bigint NOT NULL DEFAULT 0,
        in_transit bigint NOT NULL DEFAULT 0,
        on_order bigint NOT NULL DEFAULT 0,
        inventory_value numeric(24,4) NOT NULL DEFAULT 0,
        in_transit_value numeric(24,4) NOT NULL DEFAULT 0,
        average_unit_cost numeric(24,4) NOT NULL DEFAULT 0,
        version bigint NOT NULL DEFAULT 0,
        last_count_at timestamptz,
        last_movement_at timestamptz,
        last_movement_id text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, location_id)
      )`);
    await runner.query(`CREATE INDEX stock_balance_by_location ON "${schema}".stock_balance (location_id, sku)`);

    await runner.query(`
      CREATE TABLE "${schema}".outbox (
        outbox_seq bigserial PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text,
        payload jsonb NOT NULL,
        movement_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await runner.query(`CREATE INDEX outbox_unpublished ON "${schema}".outbox (outbox_seq) WHERE published_at IS NULL`);

    await runner.query(`
      CREATE TABLE "${schema}".item_setting (
        sku text PRIMARY KEY,
        description text,
        low_stock_threshold integer,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    for (const table of ['item_setting', 'outbox', 'stock_balance', 'movement']) {
      await runner.query(`DROP TABLE IF EXISTS "${schema}".${table}`);
    }
    await runner.query(`DROP FUNCTION IF EXISTS "${schema}".reject_movement_change()`);
  }
}
