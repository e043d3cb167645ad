// When each series next needs a fit (stock_position.refit_due_at, indexed where set). Written in
// the transactions that hold the series' position lock: the intake's (new demand) and the fit's.
import type { EntityManager } from 'typeorm';
import type { Day } from '../domain/business-day';
import type { ItemLocation } from '../domain/stock-change';

export interface DemandChange extends ItemLocation {
  /** The earliest day of the series whose demand changed. */
  readonly day: Day;
  /** The series' first stock change: due at once, so it gets a reorder point without waiting a day. */
  readonly firstSeen: boolean;
}

export class RefitScheduleSql {
  constructor(private readonly schema: string) {}

  /**
   * Moves each series' due time earlier, to the start of the day after its changed day (in the
   * demand time zone) or to `now` when first seen; a due time already earlier is kept.
   */
  async markDemandChanged(manager: EntityManager, changes: readonly DemandChange[], now: Date, timeZone: string): Promise<void> {
    if (changes.length === 0) return;
    await manager.query(
      `UPDATE ${this.table} p SET refit_due_at = v.due
         FROM (SELECT sku, location_id, CASE WHEN first_seen THEN $5::timestamptz ELSE (day + 1)::timestamp AT TIME ZONE $6 END AS due
                 FROM unnest($1::text[], $2::text[], $3::date[], $4::boolean[]) AS k(sku, location_id, day, first_seen)) v
        WHERE p.sku = v.sku AND p.location_id = v.location_id AND (p.refit_due_at IS NULL OR p.refit_due_at > v.due)`,
      [changes.map((change) => change.sku), changes.map((change) => change.locationId), changes.map((change) => change.day), changes.map((change) => change.firstSeen), now, timeZone],
    );
  }

  /**
   * After a fit that read every day before `today`: due again at `staleAt`, or sooner, at the end
   * of the first day from `today` on that already has demand the fit could not read yet.
   */
  async scheduleAfterFit(manager: EntityManager, item: ItemLocation, today: Day, staleAt: Date, timeZone: string): Promise<void> {
    await manager.query(
      `UPDATE ${this.table} SET refit_due_at = LEAST($4::timestamptz,
          (SELECT (min(day) + 1)::timestamp AT TIME ZONE $5 FROM "${this.schema}".daily_demand WHERE sku = $1 AND location_id = $2 AND day >= $3::date))
        WHERE sku = $1 AND location_id = $2`,
      [item.sku, item.locationId, today, staleAt, timeZone],
    );
  }

  /** The series due at `now`, most overdue first: an index range scan, empty when nothing is due. */
  async dueSeries(manager: EntityManager, now: Date, limit: number): Promise<ItemLocation[]> {
    const rows: Array<{ sku: string; location_id: string }> = await manager.query(
      `SELECT sku, location_id FROM ${this.table} WHERE refit_due_at <= $1 ORDER BY refit_due_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => ({ sku: row.sku, locationId: row.location_id }));
  }

  /** Whether the series is still due at `at`: another fit (a request, another instance) may have come first. */
  async isDue(manager: EntityManager, item: ItemLocation, at: Date): Promise<boolean> {
    const rows: Array<{ due: boolean | null }> = await manager.query(
      `SELECT refit_due_at <= $3 AS due FROM ${this.table} WHERE sku = $1 AND location_id = $2`,
      [item.sku, item.locationId, at],
    );
    return rows[0]?.due === true;
  }

  /** A series whose fit failed (or that has no position) waits until `until` instead of blocking the front. */
  async postpone(manager: EntityManager, item: ItemLocation, until: Date): Promise<void> {
    await manager.query(`UPDATE ${this.table} SET refit_due_at = $3 WHERE sku = $1 AND location_id = $2`, [item.sku, item.locationId, until]);
  }

  /** Makes every known series due at `now`; returns how many are now due. */
  async markAllDue(manager: EntityManager, now: Date): Promise<number> {
    const rows: Array<{ due: number }> = await manager.query(
      `WITH marked AS (
         UPDATE ${this.table} SET refit_due_at = $1
          WHERE balance_version > 0 AND (refit_due_at IS NULL OR refit_due_at > $1) RETURNING 1)
       SELECT ((SELECT count(*) FROM marked) + (SELECT count(*) FROM ${this.table} WHERE refit_due_at <= $1))::int AS due`,
      [now],
    );
    return rows[0]?.due ?? 0;
  }

  private get table(): string {
    return `"${this.schema}".stock_position`;
  }
}
