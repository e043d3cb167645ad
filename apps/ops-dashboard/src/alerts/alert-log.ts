// The alert log in the dashboard's schema: occurrences are added as the alerts topic is read (an
// occurrence read again is ignored), and the alerts list reads one page of it, newest first, by
// keyset through the index that fits the filter, so a page costs the rows it shows.
import type { DataSource } from 'typeorm';
import type { AlertV1 } from '@ledgerline/contracts';
import type { AlertCursor, AlertFilter } from './alert-filter';

export interface AlertLogPage {
  readonly items: AlertV1[];
  /** Where the next page starts; null on the last page. */
  readonly next: AlertCursor | null;
}

export class AlertLog {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  /** When the latest logged occurrence of an alert was raised (its primary key's range); undefined when none is logged. */
  async latestRaisedAt(alertId: string): Promise<string | undefined> {
    const [row] = (await this.dataSource.query(`SELECT max(raised_at) AS raised_at FROM "${this.schema}".alert_occurrence WHERE alert_id = $1`, [alertId])) as Array<{ raised_at: Date | null }>;
    return row?.raised_at ? row.raised_at.toISOString() : undefined;
  }

  async record(alerts: readonly AlertV1[]): Promise<void> {
    if (alerts.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO "${this.schema}".alert_occurrence (alert_id, raised_at, type, location_id, alert)
       SELECT a.alert->>'alertId', (a.alert->>'raisedAt')::timestamptz, a.alert->>'type', a.alert->>'locationId', a.alert
         FROM jsonb_array_elements($1::jsonb) AS a(alert)
       ON CONFLICT (alert_id, raised_at) DO NOTHING`,
      [JSON.stringify(alerts)],
    );
  }

  /**
   * Deletes occurrences raised before `cutoff`, oldest first, `batch` a statement from the newest-
   * first index read backwards, until none is left; resolves with how many. Two instances pruning
   * at once only wait on each other's rows (no FOR UPDATE: the role may not update the log).
   */
  async pruneRaisedBefore(cutoff: Date, batch: number): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM "${this.schema}".alert_occurrence WHERE (alert_id, raised_at) IN (
           SELECT alert_id, raised_at FROM "${this.schema}".alert_occurrence WHERE raised_at < $1
            ORDER BY raised_at, alert_id LIMIT $2)`,
        [cutoff, batch],
      );
      total += deleted;
      if (deleted < batch) return total;
    }
  }

  async page(filter: AlertFilter, after: AlertCursor | undefined, limit: number): Promise<AlertLogPage> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const parameter = (value: unknown) => {
      parameters.push(value);
      return `$${parameters.length}`;
    };
    if (filter.type !== undefined) conditions.push(`type = ${parameter(filter.type)}`);
    if (filter.locationId !== undefined) conditions.push(`location_id = ${parameter(filter.locationId)}`);
    if (filter.from !== undefined) conditions.push(`raised_at >= ${parameter(filter.from)}`);
    if (filter.to !== undefined) conditions.push(`raised_at < ${parameter(filter.to)}`);
    if (after !== undefined) conditions.push(`(raised_at, alert_id) < (${parameter(after.raisedAt)}::timestamptz, ${parameter(after.alertId)})`);
    const rows: Array<{ alert: AlertV1 }> = await this.dataSource.query(
      `SELECT alert FROM "${this.schema}".alert_occurrence
        ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY raised_at DESC, alert_id DESC LIMIT ${parameter(limit + 1)}`,
      parameters,
    );
    const items = rows.slice(0, limit).map((row) => row.alert);
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last !== undefined ? { raisedAt: last.raisedAt, alertId: last.alertId } : null };
  }
}
