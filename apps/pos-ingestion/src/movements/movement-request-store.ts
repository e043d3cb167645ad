// The idempotency record of the movements front door, in set-based SQL. record() takes a request's
// movements all or nothing, in one transaction: INSERT ... ON CONFLICT DO NOTHING on the movement
// id (the primary key decides duplicates across instances and restarts), what already existed is
// a duplicate (same fingerprint) or a conflict, and a receipt of a transfer is checked against
// what that transfer shipped less what it received, here or over Kafka (ledger_shipment,
// ledger_receipt). Requests that touch the same
// transfer line are serialised by an advisory lock on it, so two receipts arriving at once cannot
// both take the last shipped units.
import type { EntityManager, DataSource } from 'typeorm';
import { movementFingerprint } from '@ledgerline/contracts';
import { checkTransferReceipt, transferLineOf, type StoreOperationMovement, type StoreOperationViolation, type TransferLine, type TransferProgress } from '@ledgerline/pos-domain';
import { readCommittedTransaction } from '@ledgerline/runtime';

export type RecordedMovement = { movement: StoreOperationMovement; status: 'accepted' | 'duplicate'; published: boolean };

export type MovementRecordOutcome =
  | { kind: 'recorded'; movements: RecordedMovement[] }
  | { kind: 'conflict'; indexes: number[] }
  | { kind: 'refused'; index: number; violation: StoreOperationViolation };

/** Rolls the transaction back with the outcome that refused the request. */
class Refusal extends Error {
  constructor(readonly outcome: Exclude<MovementRecordOutcome, { kind: 'recorded' }>) {
    super(outcome.kind);
  }
}

export class MovementRequestStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  async record(movements: readonly StoreOperationMovement[], keyId: string): Promise<MovementRecordOutcome> {
    try {
      return await readCommittedTransaction(this.dataSource, (manager) => this.recordIn(manager, movements, keyId));
    } catch (error) {
      if (error instanceof Refusal) return error.outcome;
      throw error;
    }
  }

  private async recordIn(manager: EntityManager, movements: readonly StoreOperationMovement[], keyId: string): Promise<MovementRecordOutcome> {
    const lines = transferLines(movements);
    if (lines.length > 0) {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext(l)) FROM unnest($1::text[]) AS l ORDER BY l`, [lines.map(lineLockKey)]);
    }
    const fingerprints = movements.map(movementFingerprint);
    const inserted: Array<{ movement_id: string }> = await manager.query(
      `INSERT INTO ${this.t('movement_request')}
              (movement_id, fingerprint, kind, sku, location_id, quantity, transfer_id, from_location_id, to_location_id, key_id, payload)
       SELECT m.movement_id, m.fingerprint, m.kind, m.sku, m.location_id, m.quantity, m.transfer_id, m.from_location_id, m.to_location_id, $2, m.payload
         FROM jsonb_to_recordset($1::jsonb) AS m(movement_id text, fingerprint text, kind text, sku text, location_id text, quantity bigint,
              transfer_id text, from_location_id text, to_location_id text, payload jsonb)
       ON CONFLICT (movement_id) DO NOTHING
       RETURNING movement_id`,
      [JSON.stringify(movements.map((movement, index) => requestRow(movement, fingerprints[index]!))), keyId],
    );
    const fresh = new Set(inserted.map((row) => row.movement_id));
    const existing = await this.existing(manager, movements.filter((movement) => !fresh.has(movement.movementId)).map((movement) => movement.movementId));
    const conflicts: number[] = [];
    const firstIndex = new Map<string, number>();
    for (const [index, movement] of movements.entries()) {
      const first = firstIndex.get(movement.movementId);
      if (first === undefined) firstIndex.set(movement.movementId, index);
      const earlier = first !== undefined ? fingerprints[first] : fresh.has(movement.movementId) ? fingerprints[index] : existing.get(movement.movementId)?.fingerprint;
      if (earlier !== fingerprints[index]) conflicts.push(index);
    }
    if (conflicts.length > 0) throw new Refusal({ kind: 'conflict', indexes: conflicts });

    await this.checkReceipts(manager, movements, fresh);
    return {
      kind: 'recorded',
      movements: movements.map((movement, index) => ({
        movement,
        status: fresh.has(movement.movementId) && firstIndex.get(movement.movementId) === index ? 'accepted' : 'duplicate',
        published: existing.get(movement.movementId)?.published ?? false,
      })),
    };
  }

  /** Each new receipt of a transfer, in request order, against what its line shipped (including this request's shipments). */
  private async checkReceipts(manager: EntityManager, movements: readonly StoreOperationMovement[], fresh: ReadonlySet<string>): Promise<void> {
    const lines = transferLines(movements.filter((movement) => fresh.has(movement.movementId)));
    if (!lines.some((line) => line.receiving)) return;
    const progress = await this.progressOf(manager, lines, [...fresh]);
    for (const [index, movement] of movements.entries()) {
      if (!fresh.has(movement.movementId) || (movement.kind !== 'transfer-out' && movement.kind !== 'transfer-in')) continue;
      const line = progress.get(lineLockKey(transferLineOf(movement)))!;
      if (movement.kind === 'transfer-out') {
        line.shipped += movement.quantity;
        continue;
      }
      const violation = checkTransferReceipt(movement, line);
      if (violation) throw new Refusal({ kind: 'refused', index, violation });
      line.received += movement.quantity;
    }
  }

  /**
   * Shipped and received so far per transfer line, leaving out the movements named (those of the
   * request itself). Shipped counts the shipments taken in here and those the ledger applied
   * (ledger_shipment: shipped over Kafka too), each movement id once; received, likewise the
   * receipts taken in here and those the ledger applied (ledger_receipt).
   */
  async progressOf(manager: Pick<EntityManager, 'query'>, lines: readonly TransferLine[], leaveOut: readonly string[] = []): Promise<Map<string, TransferProgress>> {
    const rows: Array<{ transfer_id: string; sku: string; from_location_id: string; to_location_id: string; shipped: string; received: string }> = await manager.query(
      `WITH asked(transfer_id, sku) AS (SELECT * FROM unnest($1::text[], $2::text[])),
            taken_here AS (
              SELECT transfer_id, sku, from_location_id, to_location_id,
                     CASE WHEN kind = 'transfer-out' THEN quantity ELSE 0 END AS shipped,
                     CASE WHEN kind = 'transfer-in' THEN quantity ELSE 0 END AS received
                FROM ${this.t('movement_request')}
               WHERE transfer_id IS NOT NULL AND (transfer_id, sku) IN (SELECT * FROM asked) AND NOT (movement_id = ANY($3::text[]))),
            shipped_elsewhere AS (
              SELECT s.transfer_id, s.sku, s.from_location_id, s.to_location_id, s.quantity AS shipped, 0 AS received
                FROM ${this.t('ledger_shipment')} s
               WHERE (s.transfer_id, s.sku) IN (SELECT * FROM asked) AND s.quantity IS NOT NULL AND s.to_location_id IS NOT NULL
                 AND NOT (s.movement_id = ANY($3::text[]))
                 AND NOT EXISTS (SELECT 1 FROM ${this.t('movement_request')} r WHERE r.movement_id = s.movement_id)),
            received_elsewhere AS (
              SELECT l.transfer_id, l.sku, l.from_location_id, l.to_location_id, 0 AS shipped, l.quantity AS received
                FROM ${this.t('ledger_receipt')} l
               WHERE (l.transfer_id, l.sku) IN (SELECT * FROM asked)
                 AND NOT (l.movement_id = ANY($3::text[]))
                 AND NOT EXISTS (SELECT 1 FROM ${this.t('movement_request')} r WHERE r.movement_id = l.movement_id))
       SELECT transfer_id, sku, from_location_id, to_location_id, sum(shipped) AS shipped, sum(received) AS received
         FROM (SELECT * FROM taken_here UNION ALL SELECT * FROM shipped_elsewhere UNION ALL SELECT * FROM received_elsewhere) AS line_movements
        GROUP BY transfer_id, sku, from_location_id, to_location_id`,
      [lines.map((line) => line.transferId), lines.map((line) => line.sku), leaveOut],
    );
    const progress = new Map(lines.map((line) => [lineLockKey(line), { shipped: 0, received: 0 }]));
    for (const row of rows) {
      const line = progress.get(lineLockKey({ transferId: row.transfer_id, sku: row.sku, fromLocationId: row.from_location_id, toLocationId: row.to_location_id }));
      if (line) Object.assign(line, { shipped: Number(row.shipped), received: Number(row.received) });
    }
    return progress;
  }

  async transferProgress(line: TransferLine): Promise<TransferProgress> {
    return (await this.progressOf(this.dataSource.manager, [line])).get(lineLockKey(line))!;
  }

  async markPublished(movementIds: readonly string[]): Promise<void> {
    if (movementIds.length === 0) return;
    await this.dataSource.query(`UPDATE ${this.t('movement_request')} SET published_at = now() WHERE movement_id = ANY($1::text[]) AND published_at IS NULL`, [movementIds]);
  }

  private async existing(manager: EntityManager, movementIds: string[]): Promise<Map<string, { fingerprint: string; published: boolean }>> {
    if (movementIds.length === 0) return new Map();
    const rows: Array<{ movement_id: string; fingerprint: string; published: boolean }> = await manager.query(
      `SELECT movement_id, fingerprint, published_at IS NOT NULL AS published FROM ${this.t('movement_request')} WHERE movement_id = ANY($1::text[])`,
      [movementIds],
    );
    return new Map(rows.map((row) => [row.movement_id, { fingerprint: row.fingerprint, published: row.published }]));
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}

function transferLines(movements: readonly StoreOperationMovement[]): Array<TransferLine & { receiving: boolean }> {
  const lines = new Map<string, TransferLine & { receiving: boolean }>();
  for (const movement of movements) {
    if (movement.kind !== 'transfer-out' && movement.kind !== 'transfer-in') continue;
    const line = transferLineOf(movement);
    const key = lineLockKey(line);
    const receiving = (lines.get(key)?.receiving ?? false) || movement.kind === 'transfer-in';
    lines.set(key, { ...line, receiving });
  }
  return [...lines.values()];
}

function lineLockKey(line: TransferLine): string {
  return JSON.stringify([line.transferId, line.sku, line.fromLocationId, line.toLocationId]);
}

function requestRow(movement: StoreOperationMovement, fingerprint: string) {
  const transfer = movement.kind === 'transfer-out' || movement.kind === 'transfer-in' ? transferLineOf(movement) : null;
  return {
    movement_id: movement.movementId,
    fingerprint,
    kind: movement.kind,
    sku: movement.sku,
    location_id: movement.locationId,
    quantity: 'quantity' in movement ? movement.quantity : null,
    transfer_id: transfer?.transferId ?? null,
    from_location_id: transfer?.fromLocationId ?? null,
    to_location_id: transfer?.toLocationId ?? null,
    payload: movement,
  };
}
