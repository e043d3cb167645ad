// First in, first out per item (docs/valuation.md, "FIFO layers"). stock_layer holds the open
// layers of each key valued by them, on hand and in transit apart, in the order they arrived
// (position rises with every layer a key opens). A batch reads the layers of its FIFO keys only,
// in the statement that reads its balances, and deletes or writes only the layers its movements
// consumed or opened. The method is the item's (item_setting) and each key's own
// (stock_balance), since a change of method reaches each key as a movement in the key's own
// order. Every existing item and key is valued at moving average, as before: no backfill.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FifoLayers1769500000000 implements MigrationInterface {
  name = 'FifoLayers1769500000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${runner.connection.driver.schema ?? 'inventory_ledger'}"`;
    // A constant default: PostgreSQL adds the columns without rewriting either table. The check is
    // added NOT VALID, so it holds for every row written from now on without a scan of every
    // balance under the table's lock; the rows already there all hold the default.
    for (const table of ['item_setting', 'stock_balance']) {
      await runner.query(`ALTER TABLE ${s}.${table} ADD COLUMN valuation_method text NOT NULL DEFAULT 'moving-average'`);
      await runner.query(`ALTER TABLE ${s}.${table} ADD CONSTRAINT ${table}_valuation_method CHECK (valuation_method IN ('moving-average', 'fifo')) NOT VALID`);
    }
    await runner.query(`
      CREATE TABLE ${s}.stock_layer (
        sku text NOT NULL,
        location_id text NOT NULL,
        pool text NOT NULL CHECK (pool IN ('on-hand', 'in-transit')),
        position bigint NOT NULL,
        received_at timestamptz NOT NULL,
        units bigint NOT NULL CHECK (units > 0),
        value numeric(24,4) NOT NULL,
        PRIMARY KEY (sku, location_id, pool, position)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${runner.connection.driver.schema ?? 'inventory_ledger'}"`;
    await runner.query(`DROP TABLE IF EXISTS ${s}.stock_layer`);
    await runner.query(`ALTER TABLE ${s}.stock_balance DROP COLUMN IF EXISTS valuation_method`);
    await runner.query(`ALTER TABLE ${s}.item_setting DROP COLUMN IF EXISTS valuation_method`);
  }
}
