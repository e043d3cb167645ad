// A service's dead letters in PostgreSQL (tables: dead-letter-tables.ts): filled from its
// dead-letter topic by the DeadLetterArchiver, idempotently by the dead letter's event id, and read
// and changed by operators through the DeadLetterDesk. Every status change is conditional on the
// status read, so two operators acting at once cannot both discard, or discard what was replayed.
import type { DataSource } from 'typeorm';
import type { DeadLetterV1 } from '@ledgerline/contracts';
import type { DeadLetterStatus } from './dead-letter-tables';

export interface ArchivedDeadLetterInput {
  eventId: string;
  deadLetterTopic: string;
  letter: DeadLetterV1;
}

/** One line of a list: enough to decide what to do, without the value. */
export interface DeadLetterSummary {
  archiveSeq: string;
  eventId: string;
  status: DeadLetterStatus;
  reasonCode: string;
  reason: string;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  originalKey: string | null;
  failedAt: string;
  service: string;
  replayCount: number;
  lastActionAt: string | null;
  lastActionBy: string | null;
}

export interface DeadLetterAction {
  action: 'replayed' | 'discarded';
  actedAt: string;
  actedBy: string;
  note: string | null;
  /** The value sent instead of the original, when the replay was of an edited value. */
  replayedValue: string | null;
}

export interface DeadLetterDetail extends DeadLetterSummary {
  deadLetterTopic: string;
  originalValue: string;
  originalValueEncoding: 'utf8' | 'base64';
  originalHeaders: Record<string, string>;
  errors: Array<{ path: string; message: string }>;
  attempts: number;
  archivedAt: string;
  actions: DeadLetterAction[];
}

export interface ReasonCount {
  reasonCode: string;
  count: number;
  oldestFailedAt: string;
  newestFailedAt: string;
}

export interface DeadLetterPage {
  items: DeadLetterSummary[];
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

const SUMMARY_COLUMNS = `archive_seq::text AS "archiveSeq", event_id AS "eventId", status, reason_code AS "reasonCode", reason,
  original_topic AS "originalTopic", original_partition AS "originalPartition", original_offset::text AS "originalOffset",
  original_key AS "originalKey", failed_at AS "failedAt", service, replay_count AS "replayCount",
  last_action_at AS "lastActionAt", last_action_by AS "lastActionBy"`;

export class DeadLetterArchive {
  private readonly table: string;
  private readonly actions: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.table = `"${schema}".dead_letter`;
    this.actions = `"${schema}".dead_letter_action`;
  }

  /** Adds dead letters not archived yet; a redelivered one changes nothing. Returns how many were new. */
  async archive(entries: readonly ArchivedDeadLetterInput[]): Promise<number> {
    if (entries.length === 0) return 0;
    const rows = entries.map(({ eventId, deadLetterTopic, letter }) => ({ event_id: eventId, dead_letter_topic: deadLetterTopic, ...letterColumns(letter) }));
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO ${this.table} (event_id, dead_letter_topic, original_topic, original_partition, original_offset, original_key,
         original_value, original_value_encoding, original_headers, reason_code, reason, errors, failed_at, attempts, service)
       SELECT event_id, dead_letter_topic, original_topic, original_partition, original_offset, original_key,
         original_value, original_value_encoding, original_headers, reason_code, reason, errors, failed_at, attempts, service
       FROM jsonb_to_recordset($1::jsonb) AS r(event_id text, dead_letter_topic text, original_topic text, original_partition integer,
         original_offset bigint, original_key text, original_value text, original_value_encoding text, original_headers jsonb,
         reason_code text, reason text, errors jsonb, failed_at timestamptz, attempts integer, service text)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING 1`,
      [JSON.stringify(rows)],
    );
    return inserted.length;
  }

  async countsByReason(status: DeadLetterStatus): Promise<ReasonCount[]> {
    const rows: Array<{ reasonCode: string; count: string; oldestFailedAt: Date; newestFailedAt: Date }> = await this.dataSource.query(
      `SELECT reason_code AS "reasonCode", count(*) AS count, min(failed_at) AS "oldestFailedAt", max(failed_at) AS "newestFailedAt"
       FROM ${this.table} WHERE status = $1 GROUP BY reason_code ORDER BY count(*) DESC, reason_code`,
      [status],
    );
    return rows.map((row) => ({ ...row, count: Number(row.count), oldestFailedAt: row.oldestFailedAt.toISOString(), newestFailedAt: row.newestFailedAt.toISOString() }));
  }

  /** Oldest first, `limit` at a time: page on with `after` set to the previous page's `next`. */
  async list(query: { status: DeadLetterStatus; reasonCode?: string; after?: string; limit: number }): Promise<DeadLetterPage> {
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM ${this.table}
       WHERE status = $1 AND ($2::text IS NULL OR reason_code = $2) AND archive_seq > $3
       ORDER BY archive_seq LIMIT $4`,
      [query.status, query.reasonCode ?? null, query.after ?? '0', query.limit + 1],
    );
    const items = rows.slice(0, query.limit).map(summaryOf);
    return { items, next: rows.length > query.limit ? (items[items.length - 1]?.archiveSeq ?? null) : null };
  }

  async find(eventId: string): Promise<DeadLetterDetail | undefined> {
    const [row]: Array<SummaryRow & DetailColumns> = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, dead_letter_topic AS "deadLetterTopic", original_value AS "originalValue",
         original_value_encoding AS "originalValueEncoding", original_headers AS "originalHeaders", errors, attempts, archived_at AS "archivedAt"
       FROM ${this.table} WHERE event_id = $1`,
      [eventId],
    );
    if (!row) return undefined;
    const actions: Array<Omit<DeadLetterAction, 'actedAt'> & { actedAt: Date }> = await this.dataSource.query(
      `SELECT action, acted_at AS "actedAt", acted_by AS "actedBy", note, replayed_value AS "replayedValue"
       FROM ${this.actions} WHERE event_id = $1 ORDER BY action_seq`,
      [eventId],
    );
    const { deadLetterTopic, originalValue, originalValueEncoding, originalHeaders, errors, attempts } = row;
    return {
      ...summaryOf(row),
      ...{ deadLetterTopic, originalValue, originalValueEncoding, originalHeaders, errors, attempts },
      archivedAt: row.archivedAt.toISOString(),
      actions: actions.map((action) => ({ ...action, actedAt: action.actedAt.toISOString() })),
    };
  }

  /**
   * Records that these letters were sent back to their topics: only those still in one of
   * `fromStatuses` change; returns the event ids that did. `replayedValue` is set for an edited replay.
   */
  async markReplayed(eventIds: readonly string[], by: string, note: string | null, fromStatuses: readonly DeadLetterStatus[], replayedValue: string | null = null): Promise<string[]> {
    if (eventIds.length === 0) return [];
    const rows: Array<{ event_id: string }> = await this.dataSource.query(
      `WITH changed AS (
         UPDATE ${this.table} SET status = 'replayed', replay_count = replay_count + 1, last_action_at = now(), last_action_by = $2
         WHERE event_id = ANY($1::text[]) AND status = ANY($4::text[])
         RETURNING event_id
       ), logged AS (
         INSERT INTO ${this.actions} (event_id, action, acted_by, note, replayed_value)
         SELECT event_id, 'replayed', $2, $3, $5 FROM changed
       )
       SELECT event_id FROM changed`,
      [eventIds, by, note, fromStatuses, replayedValue],
    );
    return rows.map((row) => row.event_id);
  }

  /** Sets an open letter aside for good, with who and why; false when it was not open. */
  async discard(eventId: string, by: string, reason: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH changed AS (
         UPDATE ${this.table} SET status = 'discarded', last_action_at = now(), last_action_by = $2
         WHERE event_id = $1 AND status = 'open'
         RETURNING event_id
       ), logged AS (
         INSERT INTO ${this.actions} (event_id, action, acted_by, note) SELECT event_id, 'discarded', $2, $3 FROM changed
       )
       SELECT event_id FROM changed`,
      [eventId, by, reason],
    );
    return rows.length === 1;
  }
}

interface SummaryRow extends Omit<DeadLetterSummary, 'failedAt' | 'lastActionAt'> {
  failedAt: Date;
  lastActionAt: Date | null;
}

type DetailColumns = Pick<DeadLetterDetail, 'deadLetterTopic' | 'originalValue' | 'originalValueEncoding' | 'originalHeaders' | 'errors' | 'attempts'> & { archivedAt: Date };

function summaryOf(row: SummaryRow): DeadLetterSummary {
  return {
    archiveSeq: row.archiveSeq,
    eventId: row.eventId,
    status: row.status,
    reasonCode: row.reasonCode,
    reason: row.reason,
    originalTopic: row.originalTopic,
    originalPartition: row.originalPartition,
    originalOffset: row.originalOffset,
    originalKey: row.originalKey,
    failedAt: row.failedAt.toISOString(),
    service: row.service,
    replayCount: row.replayCount,
    lastActionAt: row.lastActionAt?.toISOString() ?? null,
    lastActionBy: row.lastActionBy,
  };
}

const NUL = '\u0000';

/** PostgreSQL text and jsonb refuse NUL: a value holding one is kept as base64 of its UTF-8 bytes, exactly. */
export function storableValue(value: string, encoding: 'utf8' | 'base64'): { value: string; encoding: 'utf8' | 'base64' } {
  return encoding === 'utf8' && value.includes(NUL) ? { value: Buffer.from(value, 'utf8').toString('base64'), encoding: 'base64' } : { value, encoding };
}

/** For the texts shown to people (reason, field errors, headers), a NUL is shown as U+FFFD. */
function readable(text: string): string {
  return text.includes(NUL) ? text.split(NUL).join('\uFFFD') : text;
}

function letterColumns(letter: DeadLetterV1) {
  const value = storableValue(letter.originalValue, letter.originalValueEncoding);
  return {
    original_topic: letter.originalTopic,
    original_partition: letter.originalPartition,
    original_offset: letter.originalOffset,
    original_key: letter.originalKey === null ? null : readable(letter.originalKey),
    original_value: value.value,
    original_value_encoding: value.encoding,
    original_headers: Object.fromEntries(Object.entries(letter.originalHeaders).map(([name, text]) => [readable(name), readable(text)])),
    reason_code: letter.reasonCode,
    reason: readable(letter.reason),
    errors: letter.errors.map((error) => ({ path: readable(error.path), message: readable(error.message) })),
    failed_at: letter.failedAt,
    attempts: letter.attempts,
    service: letter.service,
  };
}
