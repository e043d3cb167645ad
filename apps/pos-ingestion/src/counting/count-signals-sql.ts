// Writes the counting signals of a batch of stock-changed events in one transaction of two
// statements, whatever the batch's size: the first locks the rows of the batch's keys and reads
// the versions they hold; the batch is folded per key and per key and day (countSignalWrites,
// exactly what one statement per event would leave); the second writes it. An event whose balance
// version is not newer than the one kept (a redelivery) changes nothing, so the day counters are
// added to once per event. A key first seen by two members at once (a batch retried elsewhere
// after a rebalance) makes the second's insert find the first's row: it writes nothing and is
// applied again, when the row is there to lock.
import type { DataSource } from 'typeorm';
import { countSignalWrites, signalKeyOf } from './count-signal-writes';
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
    const keys = new Map(signals.map(({ locationId, sku }) => [signalKeyOf(locationId, sku), { locationId, sku }]));
    await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const kept: Array<{ location_id: string; sku: string; balance_version: string }> = await manager.query(
        `SELECT s.location_id, s.sku, s.balance_version
           FROM ${signal} s JOIN unnest($1::text[], $2::text[]) AS k(location_id, sku) USING (location_id, sku)
          ORDER BY s.location_id, s.sku
            FOR UPDATE OF s`,
        [[...keys.values()].map(({ locationId }) => locationId), [...keys.values()].map(({ sku }) => sku)],
      );
      const writes = countSignalWrites(signals, new Map(kept.map((row) => [signalKeyOf(row.location_id, row.sku), Number(row.balance_version)])));
      if (writes.keys.length === 0) return;
      const [written] = (await manager.query(
        `WITH k AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS k(location_id text, sku text, on_hand bigint, average_unit_cost numeric, balance_version bigint,
                                                         last_counted_day integer, first_seen_day integer, is_new boolean)),
         updated AS (
           UPDATE ${signal} s SET on_hand = k.on_hand, average_unit_cost = k.average_unit_cost, balance_version = k.balance_version,
                  last_counted_day = GREATEST(s.last_counted_day, k.last_counted_day)
             FROM k WHERE NOT k.is_new AND s.location_id = k.location_id AND s.sku = k.sku
           RETURNING 1),
         inserted AS (
           INSERT INTO ${signal} (location_id, sku, on_hand, average_unit_cost, balance_version, last_counted_day, first_seen_day)
           SELECT location_id, sku, on_hand, average_unit_cost, balance_version, last_counted_day, first_seen_day FROM k WHERE k.is_new
           ORDER BY location_id, sku
           ON CONFLICT (location_id, sku) DO NOTHING
           RETURNING 1),
         days AS (
           INSERT INTO ${perDay} AS d (location_id, day, sku, units_sold, variances, shrinkage_adjustments, sold_while_book_empty)
           SELECT location_id, day, sku, units_sold, variances, shrinkage_adjustments, sold_while_book_empty
             FROM jsonb_to_recordset($2::jsonb) AS x(location_id text, day integer, sku text, units_sold bigint, variances integer,
                                                     shrinkage_adjustments integer, sold_while_book_empty boolean)
            ORDER BY location_id, day, sku
           ON CONFLICT (location_id, day, sku) DO UPDATE
             SET units_sold = d.units_sold + EXCLUDED.units_sold, variances = d.variances + EXCLUDED.variances,
                 shrinkage_adjustments = d.shrinkage_adjustments + EXCLUDED.shrinkage_adjustments,
                 sold_while_book_empty = d.sold_while_book_empty OR EXCLUDED.sold_while_book_empty
           RETURNING 1)
         SELECT (SELECT count(*) FROM updated)::int + (SELECT count(*) FROM inserted)::int AS keys, (SELECT count(*) FROM days)::int AS days`,
        [
          JSON.stringify(
            writes.keys.map((key) => ({
              location_id: key.locationId,
              sku: key.sku,
              on_hand: key.onHand,
              average_unit_cost: key.averageUnitCost,
              balance_version: key.balanceVersion,
              last_counted_day: key.lastCountedDay,
              first_seen_day: key.firstSeenDay,
              is_new: key.isNew,
            })),
          ),
          JSON.stringify(
            writes.days.map((day) => ({
              location_id: day.locationId,
              day: day.day,
              sku: day.sku,
              units_sold: day.unitsSold,
              variances: day.variances,
              shrinkage_adjustments: day.shrinkageAdjustments,
              sold_while_book_empty: day.soldWhileBookEmpty,
            })),
          ),
        ],
      )) as Array<{ keys: number; days: number }>;
      if (written?.keys !== writes.keys.length) {
        // Rolled back with the throw; the consumer applies the batch again, and the row is then there to lock.
        throw new Error(`counting signals: ${writes.keys.length - (written?.keys ?? 0)} key(s) first seen by another member meanwhile; the batch is applied again`);
      }
    });
  }
}
