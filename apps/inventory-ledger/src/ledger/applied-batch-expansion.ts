// Turns applied-batch outbox rows into the events they stand for, built from the movements their
// transactions recorded: kept in memory by the writer of this process when it has them, read from
// the movement rows otherwise (all rows of one relay send in one query). Events are rebuilt
// identically on every publish (ids, payloads and order depend only on the rows), so a re-send
// after a crash is de-duplicated by eventId.
import type { DataSource } from 'typeorm';
import { stockKey } from '@ledgerline/contracts';
import type { OutboxExpansion, OutgoingRecord } from '@ledgerline/messaging';
import { LedgerSql } from '../persistence/ledger-sql';
import { appliedBatchEvents, type AppliedBatchRecord, type RecordedMovement } from './ledger-events';
import type { RecentlyRecordedMovements } from './recently-recorded-movements';

type SeqRange = readonly [number, number];

export class AppliedBatchExpansion implements OutboxExpansion {
  private readonly sql: LedgerSql;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    private readonly recent?: RecentlyRecordedMovements,
  ) {
    this.sql = new LedgerSql(schema);
  }

  /** A stock-changed event per movement and at most one stock-levels event per movement. */
  eventCount(payload: unknown): number {
    return 2 * movementCount(movementSeqRanges(payload));
  }

  async expand(payloads: readonly unknown[]): Promise<OutgoingRecord[][]> {
    const batches = payloads.map((payload) => movementSeqRanges(payload));
    const recorded: Array<RecordedMovement[] | undefined> = batches.map((ranges) => this.recent?.take(ranges));
    const unread = batches.flatMap((ranges, batch) => (recorded[batch] === undefined ? [{ ranges, batch }] : []));
    if (unread.length > 0) {
      // Ranges of different batches never overlap: each movement number belongs to one batch.
      const owners = unread.flatMap(({ ranges, batch }) => ranges.map(([first, last]) => ({ first, last, batch }))).sort((a, b) => a.first - b.first);
      const recordedAt = unread.map(({ batch }) => (payloads[batch] as Partial<AppliedBatchRecord>).recordedAt);
      const movements = await this.sql.recordedMovements(
        this.dataSource,
        owners.map(({ first, last }) => [first, last] as const),
        recordedAt.every((at): at is string => typeof at === 'string') ? recordedAt : undefined,
      );
      for (const { batch } of unread) recorded[batch] = [];
      let owner = 0;
      for (const movement of movements) {
        while (owners[owner] && owners[owner]!.last < movement.movementSeq) owner++;
        recorded[owners[owner]!.batch]!.push(movement);
      }
    }
    return batches.map((ranges, batch) => {
      const movements = recorded[batch] ?? [];
      assignReserved(movements, payloads[batch] as AppliedBatchRecord);
      const expected = movementCount(ranges);
      if (movements.length !== expected) {
        // A record and its movements commit together, so this is damage, not a race: stop and say so.
        throw new Error(`applied batch ${JSON.stringify(ranges)} names ${expected} movements but ${movements.length} are recorded`);
      }
      return appliedBatchEvents(movements).map((row) => ({ topic: row.topic, key: row.key, value: row.payload, headers: { 'x-event-id': row.eventId } }));
    });
  }
}

/**
 * Sets on each movement its key's reserved after it: the last of a key's movements in the batch
 * leaves what the write left, and each earlier one that plus what the later ones took. In place,
 * and the same figures on every expansion of the record, so a re-publish builds the same events;
 * a batch without reservations (the usual one) costs one assignment a movement. Records written
 * before the write stated reserved leave the movements without it.
 */
export function assignReserved(movements: readonly RecordedMovement[], record: AppliedBatchRecord): void {
  const { reservedAfter, takenBy } = record;
  if (reservedAfter === undefined) return;
  if (Object.keys(reservedAfter).length === 0 && Object.keys(takenBy ?? {}).length === 0) {
    for (const movement of movements) movement.reserved = 0;
    return;
  }
  const running = new Map<string, number>();
  for (const movement of [...movements].reverse()) {
    const key = stockKey(movement.sku, movement.locationId);
    const reserved = running.get(key) ?? Number(reservedAfter[key] ?? 0);
    movement.reserved = reserved;
    running.set(key, reserved + Number(takenBy?.[movement.movementId] ?? 0));
  }
}

function movementCount(ranges: readonly SeqRange[]): number {
  return ranges.reduce((sum, [first, last]) => sum + last - first + 1, 0);
}

function movementSeqRanges(payload: unknown): readonly SeqRange[] {
  const ranges = (payload as Partial<AppliedBatchRecord> | null)?.movementSeqRanges;
  const valid =
    Array.isArray(ranges) &&
    ranges.every((range) => Array.isArray(range) && range.length === 2 && Number.isSafeInteger(range[0]) && Number.isSafeInteger(range[1]) && range[0] <= range[1]);
  if (!valid) throw new Error(`applied-batch outbox row without valid movementSeqRanges: ${JSON.stringify(payload)}`);
  return ranges;
}
