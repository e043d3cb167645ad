// Writes the counting signals of a batch of stock-changed events: one statement per event, all in
// one transaction. An event whose balance version is not newer than the one kept (a redelivery)
// changes nothing, so the day counters are added to once per event.
import type { DataSource } from 'typeorm';
import type { StockChangeSignal } from './stock-change-signal';

export class CountSignalsSql {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  async record(signals: readonly StockChangeSignal[]): Promise<void> {
    if (signals.length === 0) return;
    const signal = `"${this.schema}".count_signal`;
    const perDay = `"${this.schema}".count_signal_day`;
    await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      for (const change of signals) {
        const hasDaySignal = change.unitsSold !== 0 || change.variances > 0 || change.shrinkageAdjustments > 0 || change.soldWhileBookEmpty;
        await manager.query(
          `WITH applied AS (
             INSERT INTO ${signal} AS s (location_id, sku, on_hand, average_unit_cost, balance_version, last_counted_day, first_seen_day)
             VALUES ($1, $2, $3, $4::numeric, $5, CASE WHEN $6::boolean THEN $7::integer END, $7::integer)
             ON CONFLICT (location_id, sku) DO UPDATE
               SET on_hand = EXCLUDED.on_hand, average_unit_cost = EXCLUDED.average_unit_cost, balance_version = EXCLUDED.balance_version,
                   last_counted_day = CASE WHEN $6::boolean THEN GREATEST(s.last_counted_day, $7::integer) ELSE s.last_counted_day END
               WHERE s.balance_version < EXCLUDED.balance_version
             RETURNING 1
           )
           INSERT INTO ${perDay} AS d (location_id, day, sku, units_sold, variances, shrinkage_adjustments, sold_while_book_empty)
           SELECT $1, $7::integer, $2, $8, $9, $10, $11 FROM applied WHERE $12::boolean
           ON CONFLICT (location_id, day, sku) DO UPDATE
             SET units_sold = d.units_sold + EXCLUDED.units_sold, variances = d.variances + EXCLUDED.variances,
                 shrinkage_adjustments = d.shrinkage_adjustments + EXCLUDED.shrinkage_adjustments,
                 sold_while_book_empty = d.sold_while_book_empty OR EXCLUDED.sold_while_book_empty`,
          [
            change.locationId,
            change.sku,
            change.onHand,
            change.averageUnitCost,
            change.balanceVersion,
            change.counted,
            change.day,
            change.unitsSold,
            change.variances,
            change.shrinkageAdjustments,
            change.soldWhileBookEmpty,
            hasDaySignal,
          ],
        );
      }
    });
  }
}
