// The monthly partitions of the movement table (migration 1767000000000): which exist with their
// bounds, the months ahead the running ledger creates, and detaching a closed period after
// carrying its per-key totals forward, so balances keep equalling carried-forward totals plus
// live movements (drift audit, stock as of a time). How to archive and drop what was detached:
// docs/operations/movement-partitions.md.
import type { DataSource } from 'typeorm';
import { contentFingerprint } from '@ledgerline/contracts';

/** Applied ids of a detached period whose fingerprints one statement keeps. */
const FINGERPRINTS_KEPT_PER_STATEMENT = 5_000;

/** Runs one statement. */
export type RunStatement = <T>(sql: string, parameters?: unknown[]) => Promise<T>;

export interface MovementPartition {
  name: string;
  /** Null for the partition of everything before its upper bound (the converted table) and for DEFAULT. */
  from: Date | null;
  /** Null for DEFAULT. */
  to: Date | null;
  isDefault: boolean;
  /** PostgreSQL's estimate (pg_class.reltuples, -1 never analysed): listing reads no partition. */
  estimatedRows: number;
}

export interface DetachedPeriod {
  name: string;
  from: Date | null;
  to: Date;
  movements: number;
  keys: number;
}

/** An operator's request the ledger refuses, with a code and the reason. */
export class MovementPartitionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MovementPartitionError';
  }
}

export class MovementPartitionsSql {
  constructor(private readonly schema: string) {}

  /** The attached partitions, oldest first, DEFAULT last: a catalog read, whatever the ledger's size. */
  async list(run: RunStatement): Promise<MovementPartition[]> {
    const rows = await run<Array<{ name: string; range_from: Date | null; range_to: Date | null; is_default: boolean; estimated_rows: string }>>(
      `SELECT c.relname AS name,
              substring(pg_get_expr(c.relpartbound, c.oid) FROM $b$FROM \\('([^']*)'\\)$b$)::timestamptz AS range_from,
              substring(pg_get_expr(c.relpartbound, c.oid) FROM $b$TO \\('([^']*)'\\)$b$)::timestamptz AS range_to,
              pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT' AS is_default, c.reltuples::bigint::text AS estimated_rows
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = to_regclass($1)
        ORDER BY is_default, range_to NULLS LAST`,
      [`"${this.schema}".movement`],
    );
    return rows.map((row) => ({
      name: row.name,
      from: row.range_from,
      to: row.range_to,
      isDefault: row.is_default,
      estimatedRows: Number(row.estimated_rows),
    }));
  }

  /**
   * Creates the partitions of this month and the next `monthsAhead` that are missing (as the
   * schema owner, through create_movement_partitions) and says whether the DEFAULT partition holds
   * rows: a few catalog lookups and at most one row read, whatever the ledger's size.
   */
  async ensureAhead(run: RunStatement, monthsAhead: number): Promise<{ created: number; defaultHoldsRows: boolean }> {
    const [row = { created: 0, default_holds_rows: false }] = await run<Array<{ created: number; default_holds_rows: boolean }>>(
      `SELECT ${this.t('create_movement_partitions')}($1::int) AS created,
              EXISTS (SELECT 1 FROM ${this.t('movement_default')}) AS default_holds_rows`,
      [monthsAhead],
    );
    return { created: row.created, defaultHoldsRows: row.default_holds_rows };
  }

  /**
   * Detaches every monthly partition wholly before `before`, oldest first, each in its own
   * transaction. Needs the schema owner (the writer role may not). A partition is refused while
   * its period is not closed (it ends after the start of the current month, UTC) or the outbox
   * still holds unpublished events recorded before its end (the relay reads them from the
   * movements).
   */
  async detachBefore(dataSource: DataSource, before: Date): Promise<DetachedPeriod[]> {
    const run: RunStatement = (sql, parameters) => dataSource.query(sql, parameters);
    const [{ month_start: monthStart }] = await run<Array<{ month_start: Date }>>(
      `SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS month_start`,
    );
    if (before > monthStart) {
      throw new MovementPartitionError('LEDGER.PERIOD_NOT_CLOSED', `--before must be at or before ${monthStart.toISOString()}: later periods still take writes`);
    }
    const detached: DetachedPeriod[] = [];
    for (const partition of await this.list(run)) {
      if (!partition.isDefault && partition.to !== null && partition.to <= before) detached.push(await this.detachOne(dataSource, { ...partition, to: partition.to }));
    }
    return detached;
  }

  private async detachOne(dataSource: DataSource, partition: MovementPartition & { to: Date }): Promise<DetachedPeriod> {
    const table = this.t(`"${partition.name}"`);
    return dataSource.transaction(async (manager) => {
      const run: RunStatement = (sql, parameters) => manager.query(sql, parameters);
      await run(`SET LOCAL lock_timeout = '5s'`);
      await run(`SET LOCAL ledger.detaching_period = 'on'`);
      // No movement may land in the period between its totals and the detach.
      await run(`LOCK TABLE ${table} IN SHARE MODE`);
      const [pending = { unpublished: '0' }] = await run<Array<{ unpublished: string }>>(
        `SELECT count(*)::text AS unpublished FROM ${this.t('outbox')} WHERE published_at IS NULL AND created_at < $1`,
        [partition.to],
      );
      if (Number(pending.unpublished) > 0) {
        throw new MovementPartitionError('LEDGER.PERIOD_UNPUBLISHED', `${partition.name}: ${pending.unpublished} outbox event(s) recorded before ${partition.to.toISOString()} are not published yet`);
      }
      // A closing inventory being built reads each key's movements booked after its day: none of
      // them may leave while it does (docs/valuation.md, "Closing inventory").
      const [building] = await run<Array<{ through: string }>>(
        `SELECT to_char(c.through, 'YYYY-MM-DD') AS through FROM ${this.t('closing_inventory_build')} b JOIN ${this.t('period_close')} c USING (close_seq)
          WHERE NOT b.done ORDER BY b.close_seq LIMIT 1`,
      );
      if (building !== undefined) {
        throw new MovementPartitionError('LEDGER.CLOSING_INVENTORY_PENDING', `${partition.name}: the closing inventory of the close through ${building.through} is still being built; detach once it is ready (GET /v1/periods)`);
      }
      const [carried = { keys: '0' }] = await run<Array<{ keys: string }>>(
        `WITH carried AS (
           INSERT INTO ${this.t('movement_carried_forward')} AS f (sku, location_id, on_hand, in_transit, on_order, inventory_value,
                  in_transit_value, cost_of_goods_sold, movements, archived_through_version, archived_occurred_through)
           SELECT sku, location_id, sum(quantity_delta), sum(in_transit_delta), sum(on_order_delta), sum(value_delta),
                  sum(in_transit_value_delta), sum(cost_of_goods_sold), count(*), max(balance_version), max(occurred_at)
             FROM ${table} GROUP BY sku, location_id
           ON CONFLICT (sku, location_id) DO UPDATE SET
             on_hand = f.on_hand + excluded.on_hand, in_transit = f.in_transit + excluded.in_transit, on_order = f.on_order + excluded.on_order,
             inventory_value = f.inventory_value + excluded.inventory_value, in_transit_value = f.in_transit_value + excluded.in_transit_value,
             cost_of_goods_sold = f.cost_of_goods_sold + excluded.cost_of_goods_sold, movements = f.movements + excluded.movements,
             archived_through_version = greatest(f.archived_through_version, excluded.archived_through_version),
             archived_occurred_through = greatest(f.archived_occurred_through, excluded.archived_occurred_through)
           RETURNING 1)
         SELECT count(*)::text AS keys FROM carried`,
      );
      await this.keepFingerprints(run, table);
      const [period = { movements: '0' }] = await run<Array<{ movements: string }>>(
        `INSERT INTO ${this.t('movement_archived_period')} (partition_name, range_from, range_to, movements, first_movement_seq, last_movement_seq)
         SELECT $1, $2, $3, count(*), min(movement_seq), max(movement_seq) FROM ${table}
         RETURNING movements::text AS movements`,
        [partition.name, partition.from, partition.to],
      );
      await run(`ALTER TABLE ${this.t('movement')} DETACH PARTITION ${table}`);
      // Detaching drops the row trigger cloned from the table: until it is archived and dropped,
      // the period stays as unchangeable as it was (its TRUNCATE trigger is its own and stays).
      await run(`CREATE TRIGGER movement_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${this.t('reject_movement_change')}()`);
      return { name: partition.name, from: partition.from, to: partition.to, movements: Number(period.movements), keys: Number(carried.keys) };
    });
  }

  /**
   * The fingerprints of the period's applied ids that point at their movement rows, kept in
   * archived_movement_fingerprint before the rows leave: a movement re-sent after its month was
   * archived is still compared with the body it was applied with (batchFacts). Read a page of the
   * period at a time, in movement order, so the work is the period's size and memory stays flat.
   */
  private async keepFingerprints(run: RunStatement, table: string): Promise<void> {
    for (let after = 0; ; ) {
      const page = await run<Array<{ movement_seq: string; movement_id: string; payload: string }>>(
        `SELECT m.movement_seq::text, m.movement_id, m.payload::text AS payload
           FROM ${table} m JOIN ${this.t('applied_movement_id')} a ON a.movement_id = m.movement_id AND a.movement_seq = m.movement_seq
          WHERE m.movement_seq > $1 AND a.fingerprint IS NULL
          ORDER BY m.movement_seq LIMIT ${FINGERPRINTS_KEPT_PER_STATEMENT}`,
        [after],
      );
      if (page.length === 0) return;
      await run(
        `INSERT INTO ${this.t('archived_movement_fingerprint')} (movement_id, fingerprint)
         SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (movement_id) DO NOTHING`,
        [page.map((row) => row.movement_id), page.map((row) => contentFingerprint(JSON.parse(row.payload)))],
      );
      after = Number(page[page.length - 1]!.movement_seq);
    }
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}
