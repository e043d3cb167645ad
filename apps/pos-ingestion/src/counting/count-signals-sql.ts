// Writes the counting signals of a batch of stock-changed events in one transaction of two
// statements, whatever the batch's size: the first locks the rows of the batch's keys and reads
// the versions they hold; the batch is folded per key and per key and day (countSignalWrites,
// exactly what one statement per event would leave); the second writes it. An event whose balance
// version is not newer than the one kept (a redelivery) changes nothing, so the day counters are
// added to once per event. A key first seen by two members at once (a batch retried elsewhere
// after a rebalance) makes the second's insert find the first's row: it writes nothing and is
// applied again, when the row is there to lock.
//
// Both statements reach each key's row through its primary key, one probe per key, so a batch
// costs its keys whatever the table holds. Joined to the batch's lists as a whole (or updated
// FROM them), the planner hashed the whole table on every batch wherever its statistics were
// missing or the batch was a few hundred keys.
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
    const keys = new Map(signals.map(({ locationId, sku }) => [signalKeyOf(locationId, sku), { locationId, sku }]));
    await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const kept: Array<{ location_id: string; sku: string; balance_version: string }> = await manager.query(countSignalLockSql(this.schema), [
        [...keys.values()].map(({ locationId }) => locationId),
        [...keys.values()].map(({ sku }) => sku),
      ]);
      const writes = countSignalWrites(signals, new Map(kept.map((row) => [signalKeyOf(row.location_id, row.sku), Number(row.balance_version)])));
      if (writes.keys.length === 0) return;
      const [written] = (await manager.query(
        countSignalWriteSql(this.schema),
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

/**
 * Locks and reads the rows of the keys $1 (locations) and $2 (skus), one primary-key probe each.
 * The keys are sorted before they are probed, so the rows are locked in (location, sku) order
 * and two batches over the same keys never deadlock.
 */
export function countSignalLockSql(schema: string): string {
  return `SELECT s.location_id, s.sku, s.balance_version
            FROM (SELECT * FROM unnest($1::text[], $2::text[]) AS k(location_id, sku) ORDER BY location_id, sku) AS k
           CROSS JOIN LATERAL (
             SELECT s.location_id, s.sku, s.balance_version FROM "${schema}".count_signal s
              WHERE s.location_id = k.location_id AND s.sku = k.sku
                FOR UPDATE) AS s`;
}

/**
 * Writes a batch's folded keys ($1) and day counters ($2), and answers how many keys and days it
 * wrote. A kept key (its row locked by countSignalLockSql) is updated through its conflict on the
 * primary key, a probe; a new key is inserted unless another member's row got there first.
 */
export function countSignalWriteSql(schema: string): string {
  const signal = `"${schema}".count_signal`;
  const perDay = `"${schema}".count_signal_day`;
  return `WITH k AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS k(location_id text, sku text, on_hand bigint, average_unit_cost numeric, balance_version bigint,
                                                         last_counted_day integer, first_seen_day integer, is_new boolean)),
         updated AS (
           INSERT INTO ${signal} AS s (location_id, sku, on_hand, average_unit_cost, balance_version, last_counted_day, first_seen_day)
           SELECT location_id, sku, on_hand, average_unit_cost, balance_version, last_counted_day, first_seen_day FROM k WHERE NOT k.is_new
           ORDER BY location_id, sku
           ON CONFLICT (location_id, sku) DO UPDATE
             SET on_hand = EXCLUDED.on_hand, average_unit_cost = EXCLUDED.average_unit_cost, balance_version = EXCLUDED.balance_version,
                 last_counted_day = GREATEST(s.last_counted_day, EXCLUDED.last_counted_day)
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
         SELECT (SELECT count(*) FROM updated)::int + (SELECT count(*) FROM inserted)::int AS keys, (SELECT count(*) FROM days)::int AS days`;
}
