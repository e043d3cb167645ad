// The cycle-counting program (docs/operations/cycle-counting.md). Days are whole days since
// 1970-01-01 (UTC), as the counting rules take them.
//   count_signal        per SKU/location, from inventory.stock-changed.v1: the book on hand and
//                       unit cost after the newest event applied (balance_version skips a
//                       redelivered one), the day of the last count and of the first event seen.
//   count_signal_day    per SKU/location/day: units sold, count variances, stock-reducing
//                       adjustments, a sale while the book was empty. Read by (location, day range):
//                       a list costs the location's keys over the signal window, not all history.
//   count_list          one per location and day, made once (the unique key makes a second
//                       request, on any instance, read the first one's list).
//   count_list_item     each key of a list: why it was chosen, and its count: first count,
//                       recount, the book when counted, status, the count movement once posted,
//                       and who reviewed it.
//   count_accuracy_day  per location and day: items whose count was final, and how many of them
//                       the book had within tolerance (record accuracy over time, read by range).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CycleCounting1768800000000 implements MigrationInterface {
  name = 'CycleCounting1768800000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`
      CREATE TABLE "${schema}".count_signal (
        location_id text NOT NULL,
        sku text NOT NULL,
        on_hand bigint NOT NULL,
        average_unit_cost numeric(24,4) NOT NULL,
        balance_version bigint NOT NULL,
        last_counted_day integer,
        first_seen_day integer NOT NULL,
        PRIMARY KEY (location_id, sku)
      )`);
    await runner.query(`
      CREATE TABLE "${schema}".count_signal_day (
        location_id text NOT NULL,
        day integer NOT NULL,
        sku text NOT NULL,
        units_sold bigint NOT NULL DEFAULT 0,
        variances integer NOT NULL DEFAULT 0,
        shrinkage_adjustments integer NOT NULL DEFAULT 0,
        sold_while_book_empty boolean NOT NULL DEFAULT false,
        PRIMARY KEY (location_id, day, sku)
      )`);
    await runner.query(`
      CREATE TABLE "${schema}".count_list (
        list_id text PRIMARY KEY,
        location_id text NOT NULL,
        count_day integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (location_id, count_day)
      )`);
    await runner.query(`
      CREATE TABLE "${schema}".count_list_item (
        list_id text NOT NULL REFERENCES "${schema}".count_list (list_id),
        sku text NOT NULL,
        position integer NOT NULL,
        abc_class text NOT NULL CHECK (abc_class IN ('A', 'B', 'C')),
        risk integer NOT NULL,
        reasons text[] NOT NULL,
        due_for_cycle boolean NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'recount', 'awaiting-approval', 'posting', 'posted', 'rejected')),
        first_count bigint,
        recount bigint,
        book_quantity bigint,
        unit_value numeric(24,4),
        counted_at timestamptz,
        within_tolerance boolean,
        movement_id text,
        reviewed_by text,
        reviewed_at timestamptz,
        PRIMARY KEY (list_id, sku)
      )`);
    await runner.query(`
      CREATE TABLE "${schema}".count_accuracy_day (
        location_id text NOT NULL,
        day integer NOT NULL,
        counted integer NOT NULL,
        accurate integer NOT NULL,
        PRIMARY KEY (location_id, day)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    for (const table of ['count_accuracy_day', 'count_list_item', 'count_list', 'count_signal_day', 'count_signal']) {
      await runner.query(`DROP TABLE "${schema}".${table}`);
    }
  }
}
