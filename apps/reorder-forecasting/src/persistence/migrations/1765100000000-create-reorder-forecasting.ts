// The service's tables in the reorder_forecasting schema.
//   processed_movement  movement ids whose stock-changed event took effect: the de-duplication
//                       that makes each event count once in daily_demand, written in the same
//                       transaction as its effect.
//   daily_demand        net demand per item, location and business day, with the stock facts that
//                       say whether the day was out of stock (censored).
//   stock_position      latest balance per item/location (by the ledger's balance version).
//   purchase_order      order placed and first receipt per purchase order: lead-time observations.
//   item_policy         policy fields an operator set for one item/location (null = the default).
//   item_forecast       the latest fit per item/location: forecast, accuracy and policy numbers.
//   reorder_suggestion  suggestions, at most one open per item/location.
//   outbox              suggestion events to publish, written with the state change that made them.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReorderForecasting1765100000000 implements MigrationInterface {
  name = 'CreateReorderForecasting1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'reorder_forecasting';
    const table = (name: string) => `"${schema}".${name}`;
    await runner.query(`
      CREATE TABLE ${table('processed_movement')} (
        movement_id text PRIMARY KEY,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE ${table('daily_demand')} (
        sku text NOT NULL,
        location_id text NOT NULL,
        day date NOT NULL,
        demand_units bigint NOT NULL,
        sold_units bigint NOT NULL,
        returned_units bigint NOT NULL,
        voided_units bigint NOT NULL,
        min_on_hand bigint NOT NULL,
        closing_on_hand bigint NOT NULL,
        closing_at timestamptz NOT NULL,
        closing_version bigint NOT NULL,
        movements integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, location_id, day)
      )`);
    await runner.query(`
      CREATE TABLE ${table('stock_position')} (
        sku text NOT NULL,
        location_id text NOT NULL,
        on_hand bigint NOT NULL DEFAULT 0,
        on_order bigint NOT NULL DEFAULT 0,
        in_transit bigint NOT NULL DEFAULT 0,
        balance_version bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, location_id)
      )`);
    await runner.query(`
      CREATE TABLE ${table('purchase_order')} (
        sku text NOT NULL,
        location_id text NOT NULL,
        purchase_order_id text NOT NULL,
        placed_at timestamptz,
        first_received_at timestamptz,
        PRIMARY KEY (sku, location_id, purchase_order_id)
      )`);
    await runner.query(`CREATE INDEX purchase_order_received ON ${table('purchase_order')} (sku, location_id, first_received_at DESC)`);
    await runner.query(`
      CREATE TABLE ${table('item_policy')} (
        sku text NOT NULL,
        location_id text NOT NULL,
        lead_time_days double precision,
        lead_time_std_dev_days double precision,
        service_level double precision,
        review_period_days double precision,
        pack_size integer,
        minimum_order_quantity integer,
        ordering_cost numeric(24,4),
        holding_cost_rate double precision,
        unit_cost numeric(24,4),
        order_quantity_rule text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, location_id)
      )`);
    await runner.query(`
      CREATE TABLE ${table('item_forecast')} (
        sku text NOT NULL,
        location_id text NOT NULL,
        fitted_at timestamptz NOT NULL,
        history_from date,
        history_to date NOT NULL,
        history_days integer NOT NULL,
        censored_days integer NOT NULL,
        history_demand bigint NOT NULL,
        method text NOT NULL,
        demand_class text NOT NULL,
        forecast jsonb NOT NULL,
        accuracy jsonb,
        lead_time jsonb NOT NULL,
        policy jsonb NOT NULL,
        forecast_daily_demand double precision NOT NULL,
        safety_stock bigint NOT NULL,
        reorder_point bigint NOT NULL,
        order_quantity bigint,
        replenishment jsonb NOT NULL,
        PRIMARY KEY (sku, location_id)
      )`);
    await runner.query(`
      CREATE TABLE ${table('reorder_suggestion')} (
        suggestion_id text PRIMARY KEY,
        sku text NOT NULL,
        location_id text NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'cleared')),
        last_status text NOT NULL CHECK (last_status IN ('open', 'updated', 'cleared')),
        revision integer NOT NULL,
        stock_position bigint NOT NULL,
        reorder_point bigint NOT NULL,
        safety_stock bigint NOT NULL,
        order_quantity bigint NOT NULL,
        forecast_daily_demand double precision NOT NULL,
        lead_time_days double precision NOT NULL,
        method text NOT NULL,
        reason text NOT NULL,
        raised_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        cleared_at timestamptz
      )`);
    await runner.query(`CREATE UNIQUE INDEX reorder_suggestion_one_open ON ${table('reorder_suggestion')} (sku, location_id) WHERE state = 'open'`);
    await runner.query(`CREATE INDEX reorder_suggestion_by_state ON ${table('reorder_suggestion')} (state, updated_at DESC)`);
    await runner.query(`
      CREATE TABLE ${table('outbox')} (
        outbox_seq bigserial PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await runner.query(`CREATE INDEX outbox_unpublished ON ${table('outbox')} (outbox_seq) WHERE published_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'reorder_forecasting';
    for (const name of ['outbox', 'reorder_suggestion', 'item_forecast', 'item_policy', 'purchase_order', 'stock_position', 'daily_demand', 'processed_movement']) {
      await runner.query(`DROP TABLE IF EXISTS "${schema}".${name}`);
    }
  }
}
