// The SQL of closed periods (migrations 1769900000000, 1769950000000): a close, and the record of closes. A close runs in one transaction that first takes the
// period lock exclusively, so it waits for every transaction writing per-day figures under the
// shared form (each batch, a catalog method change) and none starts writing until it commits;
// its reads come after the lock, in statements of their own, so they see every such write.
import type { EntityManager } from 'typeorm';
import { dayAfter } from '@ledgerline/inventory-domain';
import { periodReportQuery } from '../valuation/period-report-sql';

type Queryable = Pick<EntityManager, 'query'>;

export interface PeriodCloseRow {
  closeSeq: string;
  through: string;
  previousThrough: string | null;
  reason: string;
  closedBy: string;
  closedAt: string;
}

/** A close as GET /v1/periods lists it: with how far the build of its closing inventory has come. */
export interface ListedClose extends PeriodCloseRow {
  closingInventory: { ready: boolean; keysDone: number; keysTotal: number | null };
}

export interface PeriodState {
  closedThrough: string | null;
  /** Today (UTC) by the database's clock: the last day that may be closed is the day before. */
  today: string;
}

const CLOSE_COLUMNS = `close_seq::text AS "closeSeq", to_char(through, 'YYYY-MM-DD') AS through, to_char(previous_through, 'YYYY-MM-DD') AS "previousThrough",
  reason, closed_by AS "closedBy", to_char(closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "closedAt"`;

export class PeriodCloseSql {
  constructor(private readonly schema: string) {}

  /** In the close's transaction, first: waits for the writers holding the shared lock, then keeps new ones out until the commit. */
  async lockForClose(manager: Queryable): Promise<void> {
    await manager.query(`SELECT "${this.schema}".lock_periods_for_close()`);
  }

  /** The closed-through day and today, read after the lock (a statement of its own: a snapshot taken after every writer it waited for). */
  async state(manager: Queryable): Promise<PeriodState> {
    const [row] = (await manager.query(
      `SELECT to_char(closed_through, 'YYYY-MM-DD') AS "closedThrough", to_char((clock_timestamp() AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS today
         FROM ${this.t('ledger_period')}`,
    )) as PeriodState[];
    if (row === undefined) throw new Error('the ledger_period row is missing: run the ledger migrations');
    return row;
  }

  /**
   * Records the close, keeps the period report's daily figures of the days it closes (from the day
   * after the previous close, or from the first figure, through `through`) and moves the
   * closed-through day. The figures read are the days' rows in the per-day tables, never the movements.
   */
  async close(manager: Queryable, close: { through: string; previousThrough: string | null; reason: string; closedBy: string }): Promise<PeriodCloseRow> {
    const [recorded] = (await manager.query(
      `INSERT INTO ${this.t('period_close')} (through, previous_through, reason, closed_by) VALUES ($1::date, $2::date, $3, $4) RETURNING ${CLOSE_COLUMNS}`,
      [close.through, close.previousThrough, close.reason, close.closedBy],
    )) as PeriodCloseRow[];
    if (recorded === undefined) throw new Error('the close was not recorded');
    await manager.query(
      `INSERT INTO ${this.t('closed_period_figure')} (close_seq, day, location_id, measure, reason_code, quantity, value, movements)
       SELECT $4::bigint, r.period::date, r."locationId", r.measure, r."reasonCode", r.quantity::bigint, r.value::numeric, r.movements::bigint
         FROM (${periodReportQuery(this.schema, 'day')}) AS r`,
      [close.previousThrough === null ? '-infinity' : dayAfter(close.previousThrough), close.through, null, recorded.closeSeq],
    );
    await manager.query(`UPDATE ${this.t('ledger_period')} SET closed_through = $1::date`, [close.through]);
    // The closing inventory is built after the commit, outside the lock: here only its progress row.
    await manager.query(`INSERT INTO ${this.t('closing_inventory_build')} (close_seq) VALUES ($1::bigint)`, [recorded.closeSeq]);
    return recorded;
  }

  /** The closes, newest first, at most `limit`, each with the state of its closing inventory. */
  async closes(manager: Queryable, limit: number): Promise<ListedClose[]> {
    const rows = (await manager.query(
      `SELECT ${CLOSE_COLUMNS}, COALESCE(b.done, false) AS ready, COALESCE(b.keys_done, 0)::int AS "keysDone", b.keys_total::int AS "keysTotal"
         FROM ${this.t('period_close')} LEFT JOIN ${this.t('closing_inventory_build')} b USING (close_seq) ORDER BY close_seq DESC LIMIT $1`,
      [limit],
    )) as Array<PeriodCloseRow & ListedClose['closingInventory']>;
    return rows.map(({ ready, keysDone, keysTotal, ...close }) => ({ ...close, closingInventory: { ready, keysDone, keysTotal } }));
  }

  /** The closed-through day as committed (a read for display: no lock). */
  async closedThrough(manager: Queryable): Promise<string | null> {
    const [row] = (await manager.query(`SELECT to_char(closed_through, 'YYYY-MM-DD') AS closed FROM ${this.t('ledger_period')}`)) as Array<{ closed: string | null }>;
    return row?.closed ?? null;
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}
