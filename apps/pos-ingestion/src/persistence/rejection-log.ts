// The most recent refusals, for operations (GET /v1/admin/rejections and the dashboard). Bounded:
// each write trims the table to the newest `capacity` rows, so a flood of bad input cannot grow it.
import type { DataSource } from 'typeorm';
import type { IntakeChannel } from '../intake/intake-outcome';

export interface RejectionEntry {
  channel: IntakeChannel;
  storeId: string | null;
  transactionId: string | null;
  code: string;
  path: string;
  reason: string;
}

export interface RecordedRejection extends RejectionEntry {
  time: string;
}

const MAX_REASON_LENGTH = 2_000;

export class RejectionLog {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly capacity = 1_000,
  ) {}

  async record(entries: readonly RejectionEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const kept = entries.slice(-this.capacity);
    await this.dataSource.query(
      `WITH added AS (
         INSERT INTO ${this.t()} (channel, store_id, transaction_id, code, path, reason)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         RETURNING rejection_id
       )
       DELETE FROM ${this.t()} WHERE rejection_id <= (SELECT max(rejection_id) FROM added) - $7`,
      [
        kept.map((entry) => entry.channel),
        kept.map((entry) => entry.storeId),
        kept.map((entry) => entry.transactionId),
        kept.map((entry) => entry.code),
        kept.map((entry) => entry.path),
        kept.map((entry) => entry.reason.slice(0, MAX_REASON_LENGTH)),
        this.capacity,
      ],
    );
  }

  async recent(limit: number): Promise<RecordedRejection[]> {
    const rows: Array<{ channel: IntakeChannel; store_id: string | null; transaction_id: string | null; code: string; path: string; reason: string; rejected_at: Date }> =
      await this.dataSource.query(
        `SELECT channel, store_id, transaction_id, code, path, reason, rejected_at FROM ${this.t()} ORDER BY rejection_id DESC LIMIT $1`,
        [limit],
      );
    return rows.map((row) => ({
      channel: row.channel,
      storeId: row.store_id,
      transactionId: row.transaction_id,
      code: row.code,
      path: row.path,
      reason: row.reason,
      time: row.rejected_at.toISOString(),
    }));
  }

  private t(): string {
    return `"${this.schema}".rejection`;
  }
}
