// Turns an applied-batch outbox row into the events it stands for, read from the movement rows
// its transaction recorded. Events are rebuilt identically on every publish (ids, payloads and
// order depend only on the rows), so a re-send after a crash is de-duplicated by eventId.
import type { DataSource } from 'typeorm';
import type { OutboxExpansion, OutgoingRecord } from '@ledgerline/messaging';
import { LedgerSql } from '../persistence/ledger-sql';
import { appliedBatchEvents, type AppliedBatchRecord } from './ledger-events';

export class AppliedBatchExpansion implements OutboxExpansion {
  private readonly sql: LedgerSql;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.sql = new LedgerSql(schema);
  }

  async expand(payload: unknown): Promise<OutgoingRecord[]> {
    const ranges = movementSeqRanges(payload);
    const movements = await this.sql.recordedMovements(this.dataSource, ranges);
    const expected = ranges.reduce((sum, [first, last]) => sum + last - first + 1, 0);
    if (movements.length !== expected) {
      // The row and its movements commit together, so this is damage, not a race: stop and say so.
      throw new Error(`applied batch ${JSON.stringify(ranges)} names ${expected} movements but ${movements.length} are recorded`);
    }
    return appliedBatchEvents(movements).map((row) => ({ topic: row.topic, key: row.key, value: row.payload, headers: { 'x-event-id': row.eventId } }));
  }
}

function movementSeqRanges(payload: unknown): ReadonlyArray<readonly [number, number]> {
  const ranges = (payload as Partial<AppliedBatchRecord> | null)?.movementSeqRanges;
  const valid =
    Array.isArray(ranges) &&
    ranges.every((range) => Array.isArray(range) && range.length === 2 && Number.isSafeInteger(range[0]) && Number.isSafeInteger(range[1]) && range[0] <= range[1]);
  if (!valid) throw new Error(`applied-batch outbox row without valid movementSeqRanges: ${JSON.stringify(payload)}`);
  return ranges;
}
