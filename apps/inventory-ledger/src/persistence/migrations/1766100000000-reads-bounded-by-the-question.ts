// Reads whose cost follows what is asked, not the ledger's history.
//
// - movement.last_movement_at_after: the latest business time among a key's movements up to and
//   including the row (the balance's last_movement_at after it). It never decreases along a
//   key's versions, so walking down from the newest version, the first row at or before a time
//   ends the walk: no movement below it is dated later. The key's unique version index carries it
//   with the business time and the on-hand delta (INCLUDE), so the movements dated after a time
//   are found from the index alone, at the cost of the movements recorded since then: a count's
//   book quantity (its balance less those movements) and stock as of a time. No index of its own:
//   a fourth index on the movement table would cost every appended movement another tree descent.
//   Rows recorded before this migration have no mark (NULL) and are walked past.
// - valuation_delta: what each batch changed per location and business day (on hand, value, in
//   transit value, cost of goods sold, balances opened). Batches only insert here, so concurrent
//   batches never wait on one hot row. A folder (ValuationFolder) moves them into:
// - location_valuation: running totals per location, and
// - location_daily_cogs: cost of goods sold per location and business day (UTC).
//   A valuation or cost-of-goods-sold query reads these plus the deltas not yet folded, in one
//   statement, so it is exact at every moment.
//
// The version index is rebuilt and the totals of an existing ledger are backfilled from its
// balances and movements (each one full read, once): run it with the ledger stopped, as a batch
// written by an older version meanwhile would write no deltas.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ledgerWriterRole } from './1764100000000-least-privilege-writer';

export class ReadsBoundedByTheQuestion1766100000000 implements MigrationInterface {
  name = 'ReadsBoundedByTheQuestion1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    const role = ledgerWriterRole(schema);
    await runner.query(`ALTER TABLE "${schema}".movement ADD COLUMN last_movement_at_after timestamptz`);
    await runner.query(`
      ALTER TABLE "${schema}".movement DROP CONSTRAINT movement_one_version_per_key,
        ADD CONSTRAINT movement_one_version_per_key UNIQUE (sku, location_id, balance_version)
          INCLUDE (occurred_at, last_movement_at_after, quantity_delta)`);

    await runner.query(`
      CREATE TABLE "${schema}".valuation_delta (
        delta_seq bigserial PRIMARY KEY,
        location_id text NOT NULL,
        day date NOT NULL,
        on_hand bigint NOT NULL,
        inventory_value numeric(24,4) NOT NULL,
        in_transit_value numeric(24,4) NOT NULL,
        cost_of_goods_sold numeric(24,4) NOT NULL,
        balances integer NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE "${schema}".location_valuation (
        location_id text PRIMARY KEY,
        on_hand bigint NOT NULL,
        inventory_value numeric(24,4) NOT NULL,
        in_transit_value numeric(24,4) NOT NULL,
        cost_of_goods_sold numeric(24,4) NOT NULL,
        balances bigint NOT NULL,
        folded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE "${schema}".location_daily_cogs (
        location_id text NOT NULL,
        day date NOT NULL,
        cost_of_goods_sold numeric(24,4) NOT NULL,
        PRIMARY KEY (location_id, day)
      )`);
    await runner.query(`CREATE INDEX location_daily_cogs_by_day ON "${schema}".location_daily_cogs (day)`);
    await runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "${schema}".valuation_delta TO "${role}"`);
    await runner.query(`GRANT SELECT, INSERT, UPDATE ON "${schema}".location_valuation, "${schema}".location_daily_cogs TO "${role}"`);
    await runner.query(`GRANT USAGE ON SEQUENCE "${schema}".valuation_delta_delta_seq_seq TO "${role}"`);

    await runner.query(`
      INSERT INTO "${schema}".location_daily_cogs (location_id, day, cost_of_goods_sold)
      SELECT location_id, (occurred_at AT TIME ZONE 'UTC')::date, SUM(cost_of_goods_sold)
        FROM "${schema}".movement GROUP BY 1, 2`);
    await runner.query(`
      INSERT INTO "${schema}".location_valuation (location_id, on_hand, inventory_value, in_transit_value, cost_of_goods_sold, balances)
      SELECT location_id, SUM(on_hand), SUM(inventory_value), SUM(in_transit_value), 0, SUM(balances)
        FROM (SELECT location_id, on_hand, inventory_value, in_transit_value, 1 AS balances FROM "${schema}".stock_balance WHERE version > 0
              UNION ALL
              SELECT location_id, 0, 0, 0, 0 FROM "${schema}".location_daily_cogs) AS figures
       GROUP BY location_id`);
    await runner.query(`
      UPDATE "${schema}".location_valuation v SET cost_of_goods_sold = c.cost_of_goods_sold
        FROM (SELECT location_id, SUM(cost_of_goods_sold) AS cost_of_goods_sold FROM "${schema}".location_daily_cogs GROUP BY location_id) c
       WHERE c.location_id = v.location_id`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    for (const table of ['location_daily_cogs', 'location_valuation', 'valuation_delta']) {
      await runner.query(`DROP TABLE IF EXISTS "${schema}".${table}`);
    }
    await runner.query(`
      ALTER TABLE "${schema}".movement DROP CONSTRAINT movement_one_version_per_key,
        ADD CONSTRAINT movement_one_version_per_key UNIQUE (sku, location_id, balance_version)`);
    await runner.query(`ALTER TABLE "${schema}".movement DROP COLUMN last_movement_at_after`);
  }
}
