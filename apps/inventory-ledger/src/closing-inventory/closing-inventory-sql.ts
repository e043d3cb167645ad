// The SQL of the closing inventory (migration 1769950000000): a page of the build, its progress,
// and the report's pages.
//
// A key's closing inventory through day C is its balance less its movements booked after C
// (effective posting day: posting_day, else the business day, UTC). Those are the movements dated
// after C, found by walking down the key's version index (movementsDatedAfter), and the movements
// dated on or before C but booked after it, found through the partial index movement_posted_later.
// No other movement is booked after C, so the work per key is the movements since C, not its
// history. A page is one statement: its balances and movements are read in one snapshot (a batch
// writes a key's balance and movements together), its rows kept and the progress moved in the
// same statement.
import type { EntityManager } from 'typeorm';
import { movementsDatedAfter } from '../persistence/ledger-sql';
import type { BalanceKey, ValuationAsOfRow } from '../exports/export-sql';

type Queryable = Pick<EntityManager, 'query'>;

/** A close whose closing inventory is not built yet, with how far its build has come. */
export interface PendingBuild {
  closeSeq: string;
  through: string;
  after: BalanceKey | undefined;
  keysDone: number;
  keysTotal: number | null;
}

/** What one page of a build did. */
export interface BuiltPage {
  keysRead: number;
  rowsKept: number;
  keysDone: number;
  done: boolean;
}

/** The close through a day and the state of its closing inventory. */
export interface CloseThroughDay {
  closeSeq: string;
  done: boolean;
  keysDone: number;
  keysTotal: number | null;
}

/** The last moment of day C as SQL: a movement dated after it is dated after the day. */
const END_OF_DAY = `(($1::date + 1)::timestamp AT TIME ZONE 'UTC' - interval '1 microsecond')`;

export class ClosingInventorySql {
  constructor(private readonly schema: string) {}

  /**
   * The oldest close not built yet, its progress row locked for this transaction; undefined when
   * every close is built or another instance holds that row (SKIP LOCKED): closes are built one at
   * a time, oldest first, by one instance at a time. NOT done is checked again on the row as
   * locked, so a page committed meanwhile that finished the build is not built on.
   */
  async claimPendingBuild(manager: Queryable): Promise<PendingBuild | undefined> {
    const [row] = (await manager.query(
      `SELECT b.close_seq::text AS "closeSeq", to_char(c.through, 'YYYY-MM-DD') AS through, b.after_location_id AS "afterLocationId", b.after_sku AS "afterSku",
              b.keys_done::int AS "keysDone", b.keys_total::int AS "keysTotal"
         FROM ${this.t('closing_inventory_build')} b JOIN ${this.t('period_close')} c USING (close_seq)
        WHERE b.close_seq = (SELECT min(close_seq) FROM ${this.t('closing_inventory_build')} WHERE NOT done) AND NOT b.done
          FOR UPDATE OF b SKIP LOCKED`,
    )) as Array<Omit<PendingBuild, 'after'> & { afterLocationId: string | null; afterSku: string | null }>;
    if (row === undefined) return undefined;
    const { afterLocationId, afterSku, ...build } = row;
    return { ...build, after: afterLocationId === null || afterSku === null ? undefined : { locationId: afterLocationId, sku: afterSku } };
  }

  /** True while a close's closing inventory is not built (by this instance or another). */
  async anyPendingBuild(manager: Queryable): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM ${this.t('closing_inventory_build')} WHERE NOT done LIMIT 1`);
    return rows.length > 0;
  }

  /** At a build's first page: how many keys it will read, for its progress (keys added meanwhile come on top). */
  async countKeys(manager: Queryable, closeSeq: string): Promise<number> {
    const [row] = (await manager.query(
      `UPDATE ${this.t('closing_inventory_build')} SET keys_total = (SELECT count(*) FROM ${this.t('stock_balance')} WHERE version > 0)
        WHERE close_seq = $1 RETURNING keys_total::int AS "keysTotal"`,
      [closeSeq],
    )) as [Array<{ keysTotal: number }>, number];
    return row[0]?.keysTotal ?? 0;
  }

  /**
   * Builds the next `limit` keys after `build.after` in (location, SKU) order: keeps the row of
   * each key with movements booked through the day, and moves the progress; done when the page
   * was short. One statement, so the page's reads share one snapshot and its rows and progress
   * commit together.
   */
  async buildPage(manager: Queryable, build: Pick<PendingBuild, 'closeSeq' | 'through' | 'after'>, limit: number): Promise<BuiltPage> {
    const [row] = (await manager.query(
      `WITH page AS (
         SELECT b.location_id, b.sku, b.version,
                b.on_hand - a.on_hand AS on_hand, b.in_transit - a.in_transit AS in_transit,
                b.inventory_value - a.value AS inventory_value, b.in_transit_value - a.in_transit_value AS in_transit_value,
                CASE a.first_method WHEN 'fifo' THEN 'moving-average' WHEN 'moving-average' THEN 'fifo' ELSE b.valuation_method END AS valuation_method,
                b.version - a.movements AS movements
           FROM (SELECT * FROM ${this.t('stock_balance')}
                  WHERE version > 0 AND ($2::text IS NULL OR (location_id, sku) > ($2::text, $3::text))
                  ORDER BY location_id, sku LIMIT $4) b
          CROSS JOIN LATERAL (
            SELECT COALESCE(SUM(l.quantity_delta), 0) AS on_hand, COALESCE(SUM(l.in_transit_delta), 0) AS in_transit,
                   COALESCE(SUM(l.value_delta), 0) AS value, COALESCE(SUM(l.in_transit_value_delta), 0) AS in_transit_value, count(*) AS movements,
                   -- The first change of method booked after the day names the method it left: the one of the day.
                   (array_agg(l.method ORDER BY l.balance_version) FILTER (WHERE l.kind = 'valuation-method-change'))[1] AS first_method
              FROM (SELECT m.quantity_delta, m.in_transit_delta, m.value_delta, m.in_transit_value_delta, m.kind, m.payload->>'method' AS method, m.balance_version
                      FROM ${movementsDatedAfter(this.t('movement'), 'b.sku', 'b.location_id', END_OF_DAY)}
                    UNION ALL
                    SELECT m.quantity_delta, m.in_transit_delta, m.value_delta, m.in_transit_value_delta, m.kind, m.payload->>'method', m.balance_version
                      FROM ${this.t('movement')} m
                     WHERE m.sku = b.sku AND m.location_id = b.location_id AND m.posting_day IS NOT NULL AND m.posting_day > $1::date
                       AND m.occurred_at <= ${END_OF_DAY}) AS l) AS a),
       kept AS (
         INSERT INTO ${this.t('closing_inventory')}
                (close_seq, location_id, sku, on_hand, in_transit, inventory_value, in_transit_value, valuation_method, balance_version, movements)
         SELECT $5::bigint, location_id, sku, on_hand, in_transit, inventory_value, in_transit_value, valuation_method, version, movements
           FROM page WHERE movements > 0
         RETURNING 1),
       last AS (SELECT location_id, sku FROM page ORDER BY location_id DESC, sku DESC LIMIT 1)
       UPDATE ${this.t('closing_inventory_build')}
          SET after_location_id = COALESCE((SELECT location_id FROM last), after_location_id),
              after_sku = COALESCE((SELECT sku FROM last), after_sku),
              keys_done = keys_done + (SELECT count(*) FROM page),
              done = (SELECT count(*) FROM page) < $4,
              finished_at = CASE WHEN (SELECT count(*) FROM page) < $4 THEN now() END
        WHERE close_seq = $5::bigint
       RETURNING (SELECT count(*) FROM page)::int AS "keysRead", (SELECT count(*) FROM kept)::int AS "rowsKept", keys_done::int AS "keysDone", done`,
      [build.through, build.after?.locationId ?? null, build.after?.sku ?? null, limit, build.closeSeq],
    )) as [BuiltPage[], number];
    const page = row[0];
    if (page === undefined) throw new Error(`the closing inventory build of close ${build.closeSeq} has no progress row`);
    return page;
  }

  /** The close through `through` and its build's state; undefined when no close is through that day. */
  async closeThrough(manager: Queryable, through: string): Promise<CloseThroughDay | undefined> {
    const [row] = (await manager.query(
      `SELECT c.close_seq::text AS "closeSeq", COALESCE(b.done, false) AS done, COALESCE(b.keys_done, 0)::int AS "keysDone", b.keys_total::int AS "keysTotal"
         FROM ${this.t('period_close')} c LEFT JOIN ${this.t('closing_inventory_build')} b USING (close_seq)
        WHERE c.through = $1::date`,
      [through],
    )) as CloseThroughDay[];
    return row;
  }

  /** The days the books were closed through, newest first, at most `limit`. */
  async closedDays(manager: Queryable, limit: number): Promise<string[]> {
    const rows = (await manager.query(`SELECT to_char(through, 'YYYY-MM-DD') AS through FROM ${this.t('period_close')} ORDER BY close_seq DESC LIMIT $1`, [limit])) as Array<{
      through: string;
    }>;
    return rows.map((row) => row.through);
  }

  /** A page of a close's closing inventory after `after`, in (location, SKU) order, down its primary key. */
  async reportPage(manager: Queryable, closeSeq: string, locationId: string | undefined, after: BalanceKey | undefined, limit: number): Promise<ValuationAsOfRow[]> {
    return manager.query(
      `SELECT location_id AS "locationId", sku, on_hand::text AS "onHand", in_transit::text AS "inTransit", inventory_value::text AS "inventoryValue",
              in_transit_value::text AS "inTransitValue", valuation_method AS "valuationMethod"
         FROM ${this.t('closing_inventory')}
        WHERE close_seq = $1::bigint AND ($2::text IS NULL OR location_id = $2)
          AND ($3::text IS NULL OR (location_id, sku) > ($3::text, $4::text))
        ORDER BY location_id, sku LIMIT $5`,
      [closeSeq, locationId ?? null, after?.locationId ?? null, after?.sku ?? null, limit],
    );
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}
