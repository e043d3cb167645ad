// The acknowledgements of the alerts the dashboard shows, kept in its schema. Only the alerts on
// the page are looked up (one indexed query for the ids not yet known), and the cache holds only
// those, so the cost follows the alerts shown, never the history of acknowledgements.
import type { DataSource } from 'typeorm';
import type { Acknowledgement } from './alert-acknowledgement';

interface AcknowledgementRow {
  alertId: string;
  alertRaisedAt: Date;
  acknowledgedAt: Date;
  by: string;
  keyId: string;
  note: string;
}

const COLUMNS = `alert_id AS "alertId", alert_raised_at AS "alertRaisedAt", acknowledged_at AS "acknowledgedAt", acknowledged_by AS "by", key_id AS "keyId", note`;

export class AlertAcknowledgements {
  private readonly latest = new Map<string, Acknowledgement | undefined>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  /** Looks up the ids not yet known and forgets those no longer shown. */
  async load(alertIds: readonly string[]): Promise<void> {
    const shown = new Set(alertIds);
    for (const id of this.latest.keys()) if (!shown.has(id)) this.latest.delete(id);
    const missing = alertIds.filter((id) => !this.latest.has(id));
    if (missing.length === 0) return;
    const found = await this.latestOf(missing);
    for (const id of missing) this.latest.set(id, found.get(id));
  }

  /** The latest acknowledgement of each of these alerts, read now (one indexed query, nothing cached): for a page of the alert log. */
  async latestOf(alertIds: readonly string[]): Promise<Map<string, Acknowledgement>> {
    if (alertIds.length === 0) return new Map();
    const rows: AcknowledgementRow[] = await this.dataSource.query(
      `SELECT DISTINCT ON (alert_id) ${COLUMNS} FROM "${this.schema}".alert_acknowledgement WHERE alert_id = ANY($1::text[]) ORDER BY alert_id, acknowledgement_seq DESC`,
      [alertIds],
    );
    return new Map(rows.map((row) => [row.alertId, toAcknowledgement(row)]));
  }

  latestFor(alertId: string): Acknowledgement | undefined {
    return this.latest.get(alertId);
  }

  async record(input: Omit<Acknowledgement, 'acknowledgedAt'>): Promise<Acknowledgement> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO "${this.schema}".alert_acknowledgement (alert_id, alert_raised_at, acknowledged_by, key_id, note) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [input.alertId, input.alertRaisedAt, input.by, input.keyId, input.note],
    )) as AcknowledgementRow[];
    if (row === undefined) throw new Error(`the acknowledgement of ${input.alertId} was not recorded`);
    const acknowledgement = toAcknowledgement(row);
    this.latest.set(acknowledgement.alertId, acknowledgement);
    return acknowledgement;
  }
}

function toAcknowledgement(row: AcknowledgementRow): Acknowledgement {
  return { ...row, alertRaisedAt: row.alertRaisedAt.toISOString(), acknowledgedAt: row.acknowledgedAt.toISOString() };
}
