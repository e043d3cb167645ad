// Applies a batch of movements exactly once. Everything happens in ONE PostgreSQL transaction:
// read the balances, drop movement ids already in the ledger, apply the domain rules, write the
// balances (each only if still the version read; a batch that meets another transaction's write
// is applied again with the balances locked), append the movements (each with the balance after
// it and its cause, from which the relay builds its events) and the outbox (one applied-batch
// row, plus alerts and derived movements). A movement delivered twice, a crash between the
// commit and the Kafka offset commit, a rebalance or a replay from offset zero therefore finds its
// id already in the ledger and changes nothing; a crash before the commit leaves no trace.
import type { DataSource, EntityManager } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import {
  LEDGER_RESERVED_REASONS,
  applyMovements,
  balanceKey,
  onHandAsOf,
  type BatchOutcome,
  type Movement,
} from '@ledgerline/inventory-domain';
import { PermanentMessageError } from '@ledgerline/messaging';
import { readCommittedTransaction, sqlStateOf } from '@ledgerline/runtime';
import { BalanceWriteConflict, LedgerSql, type ItemSetting, type MovementRow } from '../persistence/ledger-sql';
import { alertRow, appliedBatchRow, outboundMovementRow, type CausingEvent, type OutboxRow, type RecordedMovement, type UnknownSkuAlertDraft } from './ledger-events';
import { ledgerMetrics } from './ledger-metrics';
import type { RecentlyRecordedMovements } from './recently-recorded-movements';
import { toDomainMovement, toWireMovement } from './movement-mapper';

export interface IncomingMovement {
  movement: InventoryMovementV1;
  cause?: CausingEvent;
}

export interface AppliedBatch {
  applied: number;
  duplicates: number;
  outboxRows: number;
}

export class LedgerWriter {
  private readonly sql: LedgerSql;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    /** Given, it hears of every committed batch's movements, for the relay to publish from memory. */
    private readonly recent?: RecentlyRecordedMovements,
  ) {
    this.sql = new LedgerSql(schema);
  }

  /** `beforeCommit` runs inside the transaction after every write (fault injection and tests use it). */
  async applyBatch(
    incoming: IncomingMovement[],
    now: Date = new Date(),
    beforeCommit: () => void | Promise<void> = () => undefined,
  ): Promise<AppliedBatch> {
    if (incoming.length === 0) return { applied: 0, duplicates: 0, outboxRows: 0 };
    const movements = incoming.map(({ movement }) => toCheckedDomainMovement(movement));
    const wireById = new Map(incoming.map(({ movement }) => [movement.movementId, movement]));
    const causeById = new Map(incoming.map(({ movement, cause }) => [movement.movementId, cause]));
    // Outside the transaction: waiting for the relay must not hold balance locks.
    await this.recent?.makeRoomFor(incoming.length);

    const batch: PreparedBatch = { movements, wireById, causeById, now, beforeCommit };
    let attempt: { applied: AppliedBatch; recorded: MovementRow[] };
    try {
      attempt = await readCommittedTransaction(this.dataSource, (manager) => this.applyIn(manager, batch, 'version-checked'));
    } catch (error) {
      if (!isConcurrentWrite(error)) throw error;
      // Another transaction wrote one of these balances since this one read it (a rebalance, a
      // stalled instance, two producers of one key): apply the batch again, holding the locks.
      ledgerMetrics.balanceConflicts.inc();
      attempt = await readCommittedTransaction(this.dataSource, (manager) => this.applyIn(manager, batch, 'locked'));
    }
    this.recent?.remember(attempt.recorded.map(asRecorded));
    return attempt.applied;
  }

  /**
   * The batch's one transaction. 'version-checked' reads the balances without locking them and
   * writes each only if no other transaction changed it meanwhile: movements are keyed by SKU and
   * location, so batches in flight at once almost never share a balance, and a row lock per
   * balance (a write and a WAL record of its own, the costliest statement under live traffic)
   * would buy nothing. 'locked' locks them first, for the batch that did meet another.
   */
  private async applyIn(manager: EntityManager, batch: PreparedBatch, mode: 'version-checked' | 'locked'): Promise<{ applied: AppliedBatch; recorded: MovementRow[] }> {
    const { movements, wireById, causeById, now } = batch;
    const keys = uniqueKeys(movements);
    const balances = mode === 'locked' ? await this.sql.lockBalances(manager, keys) : await this.sql.readBalances(manager, keys);
    const { alreadyApplied, items, movementSeqs: allocated } = await this.sql.batchFacts(
      manager,
      movements.map((movement) => movement.movementId),
      [...new Set(movements.map((movement) => movement.sku))],
      movements.length,
    );
    const countBaselines = await this.countBaselines(manager, movements, alreadyApplied);

    const outcome = applyMovements(
      balances,
      movements,
      (movement, _balance, earlierInBatch) => ({
        lowStockThreshold: items.get(movement.sku)?.lowStockThreshold ?? null,
        onHandAsOfCount:
          movement.kind === 'count' ? (countBaselines.get(movement.movementId) ?? 0) + onHandAsOf(earlierInBatch, movement.occurredAt) : undefined,
      }),
      { isAlreadyApplied: (movementId) => alreadyApplied.has(movementId) },
    );

    // The balances first: from here this transaction holds the row of every balance it changes,
    // so its movement rows can no longer meet another batch's for the same key and version.
    await this.sql.writeBalances(
      manager,
      [...outcome.changes].map(([key, change]) => ({
        balance: change.after,
        lastMovementId: change.entries[change.entries.length - 1]!.movement.movementId,
        readVersion: balances.has(key) ? change.before.version : null,
      })),
    );
    const appliedAt = now.toISOString();
    const causeOf = (movement: Movement) => causeById.get(movement.causedByMovementId ?? movement.movementId);
    // Each key's events leave in order: the relay publishes applied-batch rows in outbox order
    // (this one is written after the balances, so after any earlier batch of the same key
    // committed) and a batch's events in movement number order, which is entry order here.
    const extra = await this.sql.allocateMovementSeqs(manager, outcome.entries.length - allocated.length);
    const movementSeqs = [...allocated, ...extra].slice(0, outcome.entries.length);
    const rows = movementRows(outcome, wireById, movementSeqs, appliedAt, causeOf);
    await this.sql.insertMovements(manager, rows);
    const outbox = outboxRows(outcome, movementSeqs, unknownSkuAlerts(outcome, wireById, items), causeById, causeOf, appliedAt);
    await this.sql.insertOutbox(manager, outbox);
    await batch.beforeCommit();
    return {
      applied: { applied: outcome.entries.length, duplicates: outcome.skippedDuplicates.length, outboxRows: outbox.length },
      recorded: rows,
    };
  }

  private async countBaselines(manager: EntityManager, movements: Movement[], alreadyApplied: Set<string>): Promise<Map<string, number>> {
    const baselines = new Map<string, number>();
    for (const movement of movements) {
      if (movement.kind !== 'count' || alreadyApplied.has(movement.movementId)) continue;
      baselines.set(movement.movementId, await this.sql.onHandAsOf(manager, movement, movement.occurredAt));
    }
    return baselines;
  }
}

interface PreparedBatch {
  movements: Movement[];
  wireById: Map<string, InventoryMovementV1>;
  causeById: Map<string, CausingEvent | undefined>;
  now: Date;
  beforeCommit: () => void | Promise<void>;
}

/**
 * What a version-checked attempt meets when another transaction wrote the same rows: a balance
 * changed or created since it was read, a movement id recorded meanwhile (23505: unique
 * violation) or, where two batches took the same rows in different orders, a deadlock (40P01).
 */
function isConcurrentWrite(error: unknown): boolean {
  if (error instanceof BalanceWriteConflict) return true;
  const code = sqlStateOf(error);
  return code === '23505' || code === '40P01';
}

function toCheckedDomainMovement(wire: InventoryMovementV1): Movement {
  // Only the ledger may post these: the domain exempts them from the late-movement rule.
  if (wire.kind === 'adjustment' && LEDGER_RESERVED_REASONS.includes(wire.reasonCode) && wire.source.system !== 'ledger') {
    throw new PermanentMessageError(
      'LEDGER.RESERVED_REASON_CODE',
      `reasonCode "${wire.reasonCode}" is reserved for adjustments the ledger derives itself`,
      [{ path: 'payload.reasonCode', message: 'reserved for the ledger' }],
    );
  }
  return toDomainMovement(wire);
}

/** A movement row as the relay's events state it: the same fields it would read back. */
function asRecorded(row: MovementRow): RecordedMovement {
  return {
    movementSeq: row.movementSeq,
    movementId: row.movementId,
    kind: row.kind,
    sku: row.sku,
    locationId: row.locationId,
    quantityDelta: row.quantityDelta,
    costOfGoodsSold: row.costOfGoodsSold,
    balanceAfter: row.balanceAfter,
    occurredAt: row.occurredAt,
    appliedAt: row.recordedAt,
    cause: row.causeEventId === null || row.correlationId === null ? undefined : { eventId: row.causeEventId, correlationId: row.correlationId },
  };
}

function uniqueKeys(movements: Movement[]): Array<{ sku: string; locationId: string }> {
  const keys = new Map<string, { sku: string; locationId: string }>();
  for (const { sku, locationId } of movements) keys.set(balanceKey({ sku, locationId }), { sku, locationId });
  return [...keys.values()];
}

function movementRows(
  outcome: BatchOutcome,
  wireById: Map<string, InventoryMovementV1>,
  movementSeqs: readonly number[],
  recordedAt: string,
  causeOf: (movement: Movement) => CausingEvent | undefined,
): MovementRow[] {
  return outcome.entries.map(({ movement, outcome: effect }, index) => {
    const cause = causeOf(movement);
    return {
      movementSeq: movementSeqs[index]!,
      movementId: movement.movementId,
      kind: movement.kind,
      sku: movement.sku,
      locationId: movement.locationId,
      quantityDelta: effect.quantityDelta,
      inTransitDelta: effect.inTransitDelta,
      onOrderDelta: effect.onOrderDelta,
      valueDelta: effect.valueDelta,
      inTransitValueDelta: effect.inTransitValueDelta,
      costOfGoodsSold: effect.costOfGoodsSold,
      balanceAfter: effect.balance,
      occurredAt: new Date(movement.occurredAt).toISOString(),
      recordedAt,
      causedByMovementId: movement.causedByMovementId ?? null,
      causeEventId: cause?.eventId ?? null,
      correlationId: cause?.correlationId ?? null,
      payload: wireById.get(movement.movementId) ?? toWireMovement(movement),
    };
  });
}

/**
 * An alert for the POS movements of SKUs the catalog lacks, one per stock key in the batch. Its
 * event id depends only on the key, so the outbox (ON CONFLICT DO NOTHING) keeps the first one
 * ever raised and operations hear of each unknown SKU and location once.
 */
function unknownSkuAlerts(outcome: BatchOutcome, wireById: Map<string, InventoryMovementV1>, items: Map<string, ItemSetting>): UnknownSkuAlertDraft[] {
  const byKey = new Map<string, UnknownSkuAlertDraft>();
  for (const { movement, outcome: effect } of outcome.entries) {
    if (items.has(movement.sku) || wireById.get(movement.movementId)?.source.system !== 'pos') continue;
    const key = balanceKey(movement);
    if (byKey.has(key)) continue;
    byKey.set(key, {
      kind: 'unknown-sku',
      sku: movement.sku,
      locationId: movement.locationId,
      causedByMovementId: movement.movementId,
      occurredAt: movement.occurredAt,
      onHand: effect.balance.onHand,
    });
  }
  return [...byKey.values()];
}

function outboxRows(
  outcome: BatchOutcome,
  movementSeqs: readonly number[],
  extraAlerts: UnknownSkuAlertDraft[],
  causeById: Map<string, CausingEvent | undefined>,
  causeOf: (movement: Movement) => CausingEvent | undefined,
  appliedAt: string,
): OutboxRow[] {
  return [
    ...(movementSeqs.length > 0 ? [appliedBatchRow(movementSeqs)] : []),
    ...[...outcome.alerts, ...extraAlerts].map((alert) => alertRow(alert, appliedAt, causeById.get(alert.causedByMovementId))),
    ...outcome.outbound.map((movement) => outboundMovementRow(movement, causeOf(movement))),
  ];
}
