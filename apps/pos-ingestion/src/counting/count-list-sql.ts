// The count lists, their items and the record accuracy per day, in PostgreSQL. Every read is
// bounded by what it asks for: one location's keys (with their signals over the window), one
// list, or one location's days in a range.
import type { DataSource, EntityManager } from 'typeorm';
import type { AbcClass, RiskReason } from '@ledgerline/pos-domain';

export type CountItemStatus = 'open' | 'recount' | 'awaiting-approval' | 'posting' | 'posted' | 'rejected';

export interface KeySignals {
  readonly sku: string;
  readonly onHand: number;
  readonly averageUnitCost: string;
  readonly lastCountedDay: number | null;
  readonly firstSeenDay: number;
  readonly unitsSold: number;
  readonly recentVariances: number;
  readonly shrinkageAdjustments: number;
  readonly soldWhileBookEmpty: boolean;
}

export interface CountListRow {
  readonly listId: string;
  readonly locationId: string;
  readonly countDay: number;
}

export interface CountItemRow {
  readonly sku: string;
  readonly position: number;
  readonly abcClass: AbcClass;
  readonly risk: number;
  readonly reasons: RiskReason[];
  readonly dueForCycle: boolean;
  readonly status: CountItemStatus;
  readonly firstCount: number | null;
  readonly recount: number | null;
  readonly bookQuantity: number | null;
  readonly unitValue: string | null;
  readonly countedAt: string | null;
  readonly withinTolerance: boolean | null;
  readonly movementId: string | null;
  /** Key ids of the credentials that posted the first count and the recount. */
  readonly countedBy: string | null;
  readonly recountedBy: string | null;
  readonly reviewedBy: string | null;
}

export type NewCountItem = Pick<CountItemRow, 'sku' | 'abcClass' | 'risk' | 'reasons' | 'dueForCycle'>;

/** What a count or a review changes on an item; the update applies only from `from`. */
export interface ItemChange {
  readonly from: CountItemStatus;
  readonly to: CountItemStatus;
  readonly firstCount?: number;
  readonly recount?: number;
  readonly bookQuantity?: number;
  readonly unitValue?: string;
  readonly countedAt?: string;
  readonly withinTolerance?: boolean;
  readonly countedBy?: string;
  readonly recountedBy?: string;
  readonly reviewedBy?: string;
}

export class CountListSql {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }

  async signalsOf(locationId: string, fromDay: number): Promise<KeySignals[]> {
    const rows: Array<Record<string, string | number | boolean | null>> = await this.dataSource.query(
      `SELECT s.sku, s.on_hand::int AS "onHand", s.average_unit_cost::text AS "averageUnitCost", s.last_counted_day AS "lastCountedDay", s.first_seen_day AS "firstSeenDay",
              COALESCE(SUM(d.units_sold), 0)::int AS "unitsSold", COALESCE(SUM(d.variances), 0)::int AS "recentVariances",
              COALESCE(SUM(d.shrinkage_adjustments), 0)::int AS "shrinkageAdjustments", COALESCE(bool_or(d.sold_while_book_empty), false) AS "soldWhileBookEmpty"
         FROM ${this.t('count_signal')} s
         LEFT JOIN ${this.t('count_signal_day')} d ON d.location_id = s.location_id AND d.sku = s.sku AND d.day >= $2
        WHERE s.location_id = $1
        GROUP BY s.sku, s.on_hand, s.average_unit_cost, s.last_counted_day, s.first_seen_day`,
      [locationId, fromDay],
    );
    return rows as unknown as KeySignals[];
  }

  /** Drops the location's signal days older than the window; run when its list of the day is made, so it costs a day's rows. */
  async pruneSignalsBefore(locationId: string, fromDay: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${this.t('count_signal_day')} WHERE location_id = $1 AND day < $2`, [locationId, fromDay]);
  }

  async bookOf(locationId: string, skus: readonly string[]): Promise<Map<string, { onHand: number; averageUnitCost: string }>> {
    const rows: Array<{ sku: string; onHand: number; averageUnitCost: string }> = await this.dataSource.query(
      `SELECT sku, on_hand::int AS "onHand", average_unit_cost::text AS "averageUnitCost" FROM ${this.t('count_signal')} WHERE location_id = $1 AND sku = ANY($2::text[])`,
      [locationId, skus],
    );
    return new Map(rows.map((row) => [row.sku, row]));
  }

  async findList(listId: string): Promise<CountListRow | undefined> {
    const rows: CountListRow[] = await this.dataSource.query(
      `SELECT list_id AS "listId", location_id AS "locationId", count_day AS "countDay" FROM ${this.t('count_list')} WHERE list_id = $1`,
      [listId],
    );
    return rows[0];
  }

  async itemsOf(listId: string): Promise<CountItemRow[]> {
    return this.dataSource.query(
      `SELECT sku, position, abc_class AS "abcClass", risk, reasons, due_for_cycle AS "dueForCycle", status,
              first_count::int AS "firstCount", recount::int AS "recount", book_quantity::int AS "bookQuantity", unit_value::text AS "unitValue",
              to_char(counted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "countedAt", within_tolerance AS "withinTolerance",
              movement_id AS "movementId", counted_by AS "countedBy", recounted_by AS "recountedBy", reviewed_by AS "reviewedBy"
         FROM ${this.t('count_list_item')} WHERE list_id = $1 ORDER BY position`,
      [listId],
    );
  }

  /** Creates the list unless one exists for its location and day; either way the list kept is returned. */
  async createOnce(list: CountListRow, items: readonly NewCountItem[]): Promise<CountListRow> {
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const created: CountListRow[] = await manager.query(
        `INSERT INTO ${this.t('count_list')} (list_id, location_id, count_day) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
         RETURNING list_id AS "listId", location_id AS "locationId", count_day AS "countDay"`,
        [list.listId, list.locationId, list.countDay],
      );
      if (created.length === 0) return list;
      if (items.length > 0) {
        await manager.query(
          `INSERT INTO ${this.t('count_list_item')} (list_id, sku, position, abc_class, risk, reasons, due_for_cycle)
           SELECT $1, i.sku, i.position, i.abc_class, i.risk, string_to_array(i.reasons, ','), i.due_for_cycle
             FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::boolean[]) AS i(sku, position, abc_class, risk, reasons, due_for_cycle)`,
          [
            list.listId,
            items.map((item) => item.sku),
            items.map((_, index) => index + 1),
            items.map((item) => item.abcClass),
            items.map((item) => item.risk),
            items.map((item) => item.reasons.join(',')),
            items.map((item) => item.dueForCycle),
          ],
        );
      }
      return created[0]!;
    });
  }

  /** Applies the change if the item is still in `change.from`; false when someone changed it meanwhile. */
  async changeItem(listId: string, sku: string, change: ItemChange): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count] rather than the rows.
      `WITH changed AS (
       UPDATE ${this.t('count_list_item')}
          SET status = $4,
              first_count = COALESCE($5, first_count), recount = COALESCE($6, recount), book_quantity = COALESCE($7, book_quantity),
              unit_value = COALESCE($8::numeric, unit_value), counted_at = COALESCE($9::timestamptz, counted_at),
              within_tolerance = COALESCE($10, within_tolerance), reviewed_by = COALESCE($11, reviewed_by),
              reviewed_at = CASE WHEN $11::text IS NULL THEN reviewed_at ELSE now() END,
              counted_by = COALESCE($12, counted_by), recounted_by = COALESCE($13, recounted_by)
        WHERE list_id = $1 AND sku = $2 AND status = $3
        RETURNING 1)
       SELECT 1 FROM changed`,
      [
        listId,
        sku,
        change.from,
        change.to,
        change.firstCount ?? null,
        change.recount ?? null,
        change.bookQuantity ?? null,
        change.unitValue ?? null,
        change.countedAt ?? null,
        change.withinTolerance ?? null,
        change.reviewedBy ?? null,
        change.countedBy ?? null,
        change.recountedBy ?? null,
      ],
    );
    return rows.length > 0;
  }

  /** Marks the items posted and adds them to the record accuracy of the list's day, once: only items still posting count. */
  async markPosted(list: CountListRow, movements: ReadonlyArray<{ sku: string; movementId: string }>): Promise<void> {
    await this.dataSource.transaction('READ COMMITTED', async (manager: EntityManager) => {
      const posted: Array<{ within_tolerance: boolean }> = await manager.query(
        `WITH posted AS (
           UPDATE ${this.t('count_list_item')} AS i SET status = 'posted', movement_id = m.movement_id
             FROM unnest($2::text[], $3::text[]) AS m(sku, movement_id)
            WHERE i.list_id = $1 AND i.sku = m.sku AND i.status = 'posting'
            RETURNING i.within_tolerance)
         SELECT within_tolerance FROM posted`,
        [list.listId, movements.map((movement) => movement.sku), movements.map((movement) => movement.movementId)],
      );
      if (posted.length === 0) return;
      const accurate = posted.filter((row) => row.within_tolerance).length;
      await manager.query(
        `INSERT INTO ${this.t('count_accuracy_day')} AS a (location_id, day, counted, accurate) VALUES ($1, $2, $3, $4)
         ON CONFLICT (location_id, day) DO UPDATE SET counted = a.counted + EXCLUDED.counted, accurate = a.accurate + EXCLUDED.accurate`,
        [list.locationId, list.countDay, posted.length, accurate],
      );
    });
  }

  /** The labels of the store keys and service credentials among `keyIds` (a list's counters): one probe each. */
  async labelsOf(keyIds: readonly string[]): Promise<Map<string, string | null>> {
    if (keyIds.length === 0) return new Map();
    const rows: Array<{ keyId: string; label: string | null }> = await this.dataSource.query(
      `SELECT key_id AS "keyId", label FROM ${this.t('api_key')} WHERE key_id = ANY($1::text[])
       UNION ALL SELECT key_id, label FROM ${this.t('service_credential')} WHERE key_id = ANY($1::text[])`,
      [keyIds],
    );
    return new Map(rows.map((row) => [row.keyId, row.label]));
  }

  async accuracyOf(locationId: string, fromDay: number, toDay: number): Promise<Array<{ day: number; counted: number; accurate: number }>> {
    return this.dataSource.query(
      `SELECT day, counted, accurate FROM ${this.t('count_accuracy_day')} WHERE location_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day`,
      [locationId, fromDay, toDay],
    );
  }
}
