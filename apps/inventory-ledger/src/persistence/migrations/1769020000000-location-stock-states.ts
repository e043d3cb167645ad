// How many of a location's balances are negative, out of stock and low, kept as running totals
// beside its valuation (valuation_delta, folded into location_valuation), so a location's summary
// and the count of a filtered page are read, not counted over the location's balances. Each
// balance records the low-stock threshold its state is counted under (counted_threshold): a batch
// writes its item's threshold now, and a threshold change re-counts the item's balances under the
// new one (LedgerSql.upsertItemSettings). The totals start from the balances as they are.
//
// Writers must be stopped while it runs: a batch of an older ledger would write no state changes.
// It may run again (the valuation tables recreated by an older migration's down and up): it adds
// only what is missing and sets the state totals from the balances again.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LocationStockStates1769020000000 implements MigrationInterface {
  name = 'LocationStockStates1769020000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    const t = (table: string) => `"${schema}".${table}`;
    await runner.query(`ALTER TABLE ${t('stock_balance')} ADD COLUMN IF NOT EXISTS counted_threshold integer`);
    await runner.query(`UPDATE ${t('stock_balance')} b SET counted_threshold = i.low_stock_threshold FROM ${t('item_setting')} i WHERE i.sku = b.sku AND i.low_stock_threshold IS NOT NULL`);
    for (const table of ['valuation_delta', 'location_valuation']) {
      const type = table === 'valuation_delta' ? 'integer' : 'bigint';
      await runner.query(
        `ALTER TABLE ${t(table)} ADD COLUMN IF NOT EXISTS negative ${type} NOT NULL DEFAULT 0, ADD COLUMN IF NOT EXISTS stockout ${type} NOT NULL DEFAULT 0,
           ADD COLUMN IF NOT EXISTS low ${type} NOT NULL DEFAULT 0`,
      );
    }
    // A location whose balances are all still in unfolded deltas gets its total row here, with only the states.
    await runner.query(`
      INSERT INTO ${t('location_valuation')} AS v (location_id, on_hand, inventory_value, in_transit_value, cost_of_goods_sold, balances, negative, stockout, low)
      SELECT location_id, 0, 0, 0, 0, 0,
             count(*) FILTER (WHERE on_hand < 0), count(*) FILTER (WHERE on_hand = 0),
             count(*) FILTER (WHERE on_hand > 0 AND on_hand <= counted_threshold)
        FROM ${t('stock_balance')} WHERE version > 0 GROUP BY location_id ORDER BY location_id
      ON CONFLICT (location_id) DO UPDATE SET negative = excluded.negative, stockout = excluded.stockout, low = excluded.low`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    for (const table of ['valuation_delta', 'location_valuation']) {
      await runner.query(`ALTER TABLE "${schema}".${table} DROP COLUMN negative, DROP COLUMN stockout, DROP COLUMN low`);
    }
    await runner.query(`ALTER TABLE "${schema}".stock_balance DROP COLUMN counted_threshold`);
  }
}
