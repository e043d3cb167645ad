// Applies a batch of movements exactly once. One statement reads what the batch needs (its
// balances as last committed, the movement ids already in the ledger, item settings, the layers
// of its keys valued first in, first out, the day the books are closed through); the domain rules
// run (moving average, or FIFO layers for a key whose balance or, for a new key, whose item says
// so); then the batch's writes commit or fail together, as one statement (a small batch) or one
// transaction (a large one, its movements streamed with COPY): the balances, each only if still
// the version read (a batch that meets another transaction's write, or a close of the books, is
// applied again with the balances locked), the movements (each with the balance after it and its
// cause, from which the relay builds its events), the outbox (one applied-batch row, plus alerts
// and derived movements) and the batch's per-day figures by location and posting day (a movement
// dated in a closed period is booked on the first open day: closed-periods.ts in the domain). A
// movement delivered twice, a crash between the commit and the Kafka offset commit, a rebalance
// or a replay from offset zero therefore finds its id already in the ledger and changes nothing;
// a crash before the commit leaves no trace.
import type { DataSource, EntityManager } from 'typeorm';
import { TOPICS, movementFingerprint, type InventoryMovementV1 } from '@ledgerline/contracts';
import {
  LEDGER_RESERVED_REASONS,
  LedgerError,
  NO_LAYERS,
  applyMovements,
  balanceKey,
  onHandAsOf,
  adjustmentDeltasOf,
  earlyArrivalsIn,
  landedCostBasisIn,
  postingDayIfMoved,
  landedCostDeltasOf,
  unitsArrivedIn,
  valuationDeltasOf,
  type BalanceKey,
  type BatchOutcome,
  type KeyLayers,
  type LedgerErrorCode,
  type Movement,
} from '@ledgerline/inventory-domain';
import { PermanentMessageError } from '@ledgerline/messaging';
import { readCommittedTransaction, sqlStateOf } from '@ledgerline/runtime';
import {
  BalanceWriteConflict,
  ClosedThroughChanged,
  COPY_FROM_ROWS,
  LedgerSql,
  type BatchFacts,
  type BatchWrite,
  type CountToCompare,
  type ItemSetting,
  type MovementRow,
  type ReservationConsumption,
} from '../persistence/ledger-sql';
import { alertRow, appliedBatchRow, outboundMovementRow, transferOf, type CausingEvent, type OutboxRow, type RecordedMovement, type UnknownSkuAlertDraft } from './ledger-events';
import { ledgerMetrics } from './ledger-metrics';
import type { RecentlyRecordedMovements } from './recently-recorded-movements';
import { DEFAULT_VALUATION_CURRENCY } from '../config/ledger.config';
import { toDomainMovement, toDomainMovementAsStated, toWireMovement } from './movement-mapper';
import { LandedCostSql, landedCostReceiptsOf } from '../persistence/landed-cost-sql';
import { NO_RECEIPT_BASES, newLandedCosts } from './landed-cost-receipts';
import { EarlyArrivalSql } from '../persistence/early-arrival-sql';
import { purchaseOrderReceiptsOf } from '../persistence/purchase-order-sql';
import { NO_EARLY_ARRIVALS, earlyArrivalWrites, shipmentsIntoEarlyArrivals } from './early-arrival-shipments';
import { availabilityStepsOf } from './availability-steps';
import type { LayerWrites } from '../persistence/fifo-layer-sql';
import { layerWritesOf } from './fifo-layer-writes';

export interface IncomingMovement {
  movement: InventoryMovementV1;
  cause?: CausingEvent;
}

/** Hears which balances each committed batch wrote (the drift audit checks those first). */
export interface WrittenKeysListener {
  noteWritten(keys: readonly BalanceKey[]): void;
}
export const WRITTEN_KEYS_LISTENER = Symbol('WRITTEN_KEYS_LISTENER');

/** Whether a batch's events (stock-changed, stock-levels, alerts) go to subscribers. */
export type LedgerEventsPolicy = 'publish' | 'withhold';

export interface AppliedBatch {
  applied: number;
  duplicates: number;
  outboxRows: number;
}

export class LedgerWriter {
  private readonly sql: LedgerSql;
  private readonly landedCosts: LandedCostSql;
  private readonly earlyArrivals: EarlyArrivalSql;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    /** Given, it hears of every committed batch's movements, for the relay to publish from memory. */
    private readonly recent?: RecentlyRecordedMovements,
    /** Given, it hears of the balances every committed batch wrote. */
    private readonly written?: WrittenKeysListener,
    /** Costs in another currency are converted into this one at their rate, or refused (docs/valuation.md). */
    private readonly valuationCurrency: string = DEFAULT_VALUATION_CURRENCY,
    /** 'withhold': the batch's events are recorded as published without being sent (a bulk history load). */
    private readonly events: LedgerEventsPolicy = 'publish',
  ) {
    this.sql = new LedgerSql(schema);
    this.landedCosts = new LandedCostSql(schema);
    this.earlyArrivals = new EarlyArrivalSql(schema);
  }

  /**
   * `beforeCommit`, given, runs inside the batch's transaction after every write (fault injection
   * and tests use it); without it a small batch is written by one statement that commits itself.
   * A movement the ledger rules refuse fails the batch with a PermanentMessageError naming the rule,
   * the only failure its consumer may set the movement aside for.
   */
  async applyBatch(incoming: IncomingMovement[], now: Date = new Date(), beforeCommit?: () => void | Promise<void>): Promise<AppliedBatch> {
    try {
      return await this.applyAsGiven(incoming, now, beforeCommit);
    } catch (error) {
      throw asMessageFault(error);
    }
  }

  private async applyAsGiven(incoming: IncomingMovement[], now: Date, beforeCommit: (() => void | Promise<void>) | undefined): Promise<AppliedBatch> {
    if (incoming.length === 0) return { applied: 0, duplicates: 0, outboxRows: 0 };
    const refusedIfNew = new Map<string, Error>();
    const movements = incoming.map(({ movement }) => toCheckedDomainMovement(movement, this.valuationCurrency, refusedIfNew));
    const wireById = new Map(incoming.map(({ movement }) => [movement.movementId, movement]));
    const causeById = new Map(incoming.map(({ movement, cause }) => [movement.movementId, cause]));
    // Outside the transaction: waiting for the relay must not hold balance locks.
    await this.recent?.makeRoomFor(incoming.length);

    const batch: PreparedBatch = { incoming, movements, wireById, causeById, refusedIfNew, now, beforeCommit };
    let planned: PlannedBatch;
    try {
      planned = await this.applyVersionChecked(batch);
    } catch (error) {
      if (!isConcurrentWrite(error)) throw error;
      // Another transaction wrote one of these balances since this one read it (a rebalance, a
      // stalled instance, two producers of one key): apply the batch again, holding the locks.
      ledgerMetrics.balanceConflicts.inc();
      planned = await readCommittedTransaction(this.dataSource, (manager) => this.applyLocked(manager, batch));
    }
    this.recent?.remember(planned.rows.map(asRecorded));
    this.written?.noteWritten(planned.write.balances.map((write) => write.balance));
    return planned.applied;
  }

  /**
   * The usual way: read the balances without locking them, then write each only if no other
   * transaction changed it meanwhile. Movements are keyed by SKU and location, so batches in
   * flight at once almost never share a balance, and a row lock per balance (a write and a WAL
   * record of its own) would buy nothing. Reading committed data needs no transaction, and a
   * small batch's writes are one statement, so the batch costs two round trips where a
   * transaction around them costs seven: under live traffic each waits for a busy core.
   */
  private async applyVersionChecked(batch: PreparedBatch): Promise<PlannedBatch> {
    const manager = this.dataSource.manager;
    const keys = uniqueKeys(batch.movements);
    const planned = await this.plan(manager, batch, await this.sql.batchFacts(manager, this.wantedFacts(batch, keys)));
    if (!appendsWithCopy(planned) && batch.beforeCommit === undefined) await this.sql.writeBatch(manager, planned.write);
    else await readCommittedTransaction(this.dataSource, (inTransaction) => this.write(inTransaction, planned, batch));
    return planned;
  }

  /** For the batch that met another transaction's write: its balances locked first, in one transaction. */
  private async applyLocked(manager: EntityManager, batch: PreparedBatch): Promise<PlannedBatch> {
    const { balances, countedThresholds, fifoKeys } = await this.sql.lockBalances(manager, uniqueKeys(batch.movements));
    const facts = await this.sql.batchFacts(manager, { ...this.wantedFacts(batch, []), layerKeys: fifoKeys });
    const planned = await this.plan(manager, batch, { ...facts, balances, countedThresholds });
    await this.write(manager, planned, batch);
    return planned;
  }

  private wantedFacts(batch: PreparedBatch, keys: BalanceKey[]) {
    return {
      keys,
      movementIds: batch.movements.map((movement) => movement.movementId),
      skus: [...new Set(batch.movements.map((movement) => movement.sku))],
      seqCount: batch.movements.length,
      counts: batch.movements.flatMap((movement): CountToCompare[] =>
        movement.kind === 'count' ? [{ movementId: movement.movementId, sku: movement.sku, locationId: movement.locationId, at: movement.occurredAt }] : [],
      ),
    };
  }

  /** The batch's writes inside a transaction: the balances and outbox in one statement, then the movements (COPY when many). */
  private async write(manager: EntityManager, planned: PlannedBatch, batch: PreparedBatch): Promise<void> {
    const copied = appendsWithCopy(planned);
    await this.sql.writeBatch(manager, copied ? { ...planned.write, movements: [] } : planned.write);
    if (copied) await this.sql.copyMovements(manager, planned.rows);
    await batch.beforeCommit?.();
  }

  /** The domain rules on the balances read: what the batch writes. */
  private async plan(manager: EntityManager, batch: PreparedBatch, facts: BatchFacts): Promise<PlannedBatch> {
    const { movements, wireById, causeById, now } = batch;
    const { balances, alreadyApplied, items, movementSeqs: allocated, countBaselines, countedThresholds, fifoLayers } = facts;
    // Refused only if new: a redelivery of one applied before the valuation currency was set, or
    // before reserved reasons were refused whatever their source claimed, is a duplicate, skipped as ever.
    for (const [movementId, refusal] of batch.refusedIfNew) {
      if (!alreadyApplied.has(movementId)) throw refusal;
    }
    refuseConflicts(batch, alreadyApplied);
    // Only a batch holding a new landed cost reads its receipts (one more statement).
    const landedCosts = newLandedCosts(movements, alreadyApplied);
    const receiptBases = landedCosts === null ? NO_RECEIPT_BASES : await this.landedCosts.receiptBases(manager, landedCosts);
    // Likewise only a batch shipping into in transit below zero reads the early arrivals it corrects.
    const holes = shipmentsIntoEarlyArrivals(movements, balances, alreadyApplied);
    const committedArrivals = holes === null ? NO_EARLY_ARRIVALS : await this.earlyArrivals.earlyArrivals(manager, holes);

    const outcome = applyMovements(
      balances,
      movements,
      (movement, balance, earlierInBatch) => ({
        lowStockThreshold: items.get(movement.sku)?.lowStockThreshold ?? null,
        onHandAsOfCount:
          movement.kind === 'count' ? baselineOf(countBaselines, movement.movementId) + onHandAsOf(earlierInBatch, movement.occurredAt) : undefined,
        landedCostBasis:
          movement.kind === 'landed-cost' ? landedCostBasisIn(earlierInBatch, movement.receiptMovementId, receiptBases.get(movement.movementId)) : undefined,
        earlyArrivals:
          movement.kind === 'transfer-shipped' && balance.inTransit < 0 ? earlyArrivalsIn(earlierInBatch, committedArrivals.get(balanceKey(movement))) : undefined,
      }),
      { isAlreadyApplied: (movementId) => alreadyApplied.has(movementId), fifoLayersOf: (movement) => fifoLayersOf(movement, facts) },
    );

    // A balance's state is counted under its item's threshold now; what it was counted under when
    // read must still hold at the write, so a threshold change committed meanwhile sends the batch round again.
    const thresholds = {
      current: (sku: string) => items.get(sku)?.lowStockThreshold ?? null,
      counted: (sku: string, locationId: string) => countedThresholds.get(`${sku}@${locationId}`) ?? null,
    };
    const balanceWrites = [...outcome.changes].map(([key, change]) => ({
      balance: change.after,
      lastMovementId: change.entries[change.entries.length - 1]!.movement.movementId,
      readVersion: balances.has(key) ? change.before.version : null,
      readOnHand: balances.has(key) ? change.before.onHand : null,
      countedThreshold: thresholds.current(change.after.sku),
      readCountedThreshold: countedThresholds.get(key) ?? null,
      availabilitySteps: availabilityStepsOf(change, wireById),
      valuationMethod: change.valuationMethod,
      unitsArrived: unitsArrivedIn(change.entries),
    }));
    const layers = layerWritesOfBatch(outcome, fifoLayers);
    const appliedAt = now.toISOString();
    const causeOf = (movement: Movement) => causeById.get(movement.causedByMovementId ?? movement.movementId);
    // Each key's events leave in order: the relay publishes applied-batch rows in outbox order,
    // and this one is numbered only once the batch's balances are written, so after any earlier
    // batch of the same key committed; a batch's events go in movement number order, which is
    // entry order here.
    const extra = await this.sql.allocateMovementSeqs(manager, outcome.entries.length - allocated.length);
    const movementSeqs = [...allocated, ...extra].slice(0, outcome.entries.length);
    const { closedThrough } = facts;
    const rows = movementRows(outcome, wireById, movementSeqs, appliedAt, causeOf, closedThrough);
    const outbox = withheldIf(this.events === 'withhold', outboxRows(outcome, movementSeqs, unknownSkuAlerts(outcome, wireById, items), causeById, causeOf, appliedAt));
    return {
      write: { closedThrough, balances: balanceWrites, movements: rows, outbox, valuationDeltas: valuationDeltasOf(outcome.entries, thresholds, closedThrough), adjustmentDeltas: adjustmentDeltasOf(outcome.entries, closedThrough), landedCostDeltas: landedCosts === null ? undefined : landedCostDeltasOf(outcome.entries, closedThrough), purchaseOrderReceipts: purchaseOrderReceiptsOf(outcome.entries), landedCostReceipts: landedCostReceiptsOf(outcome.changes.values()), reservationConsumptions: reservationConsumptions(outcome, wireById), eventsWithheld: this.events === 'withhold',
        earlyArrivals: earlyArrivalWrites(outcome, balances, committedArrivals), layers },
      rows,
      applied: { applied: outcome.entries.length, duplicates: outcome.skippedDuplicates.length, outboxRows: outbox.length },
    };
  }
}

interface PreparedBatch {
  incoming: IncomingMovement[];
  movements: Movement[];
  wireById: Map<string, InventoryMovementV1>;
  causeById: Map<string, CausingEvent | undefined>;
  /**
   * Movements refused unless the ledger already holds them: a cost in another currency without a
   * rate (mapped with its cost as stated) and a reason code only the ledger may post.
   */
  refusedIfNew: Map<string, Error>;
  now: Date;
  beforeCommit: (() => void | Promise<void>) | undefined;
}

interface PlannedBatch {
  write: BatchWrite;
  rows: MovementRow[];
  applied: AppliedBatch;
}

/**
 * The layers of a key valued first in, first out, undefined for one valued at moving average: a
 * key's method is its balance's; a key the ledger has no balance for yet (or only the empty row a
 * batch applied again locks) starts with its item's.
 */
function fifoLayersOf(movement: Movement, facts: BatchFacts): KeyLayers | undefined {
  const key = balanceKey(movement);
  const stored = facts.fifoLayers.get(key);
  if (stored !== undefined) return stored.layers;
  const balance = facts.balances.get(key);
  if (balance !== undefined && balance.version > 0) return undefined;
  return facts.items.get(movement.sku)?.valuationMethod === 'fifo' ? NO_LAYERS : undefined;
}

/** The layer rows the batch's FIFO keys consumed, changed or opened; undefined when none (every batch of keys valued at moving average). */
function layerWritesOfBatch(outcome: BatchOutcome, stored: BatchFacts['fifoLayers']): LayerWrites | undefined {
  const writes: LayerWrites = { written: [], removed: [] };
  for (const [key, change] of outcome.changes) {
    if (change.layers === undefined || change.layers.after === change.layers.before) continue;
    layerWritesOf(change.after.sku, change.after.locationId, stored.get(key), change.layers.after, writes);
  }
  return writes.written.length === 0 && writes.removed.length === 0 ? undefined : writes;
}

/** batchFacts reads a baseline for every count of the batch: one missing is a fault of this code, not of the count. */
function baselineOf(countBaselines: Map<string, number>, movementId: string): number {
  const baseline = countBaselines.get(movementId);
  if (baseline === undefined) throw new Error(`no book quantity was read for count ${movementId}`);
  return baseline;
}

/** A backlog's batch streams its movements with COPY, which needs a transaction around it. */
function appendsWithCopy(planned: PlannedBatch): boolean {
  return planned.rows.length >= COPY_FROM_ROWS;
}

/**
 * What a version-checked attempt meets when another transaction wrote the same rows: a balance
 * changed or created since it was read, a movement id recorded meanwhile (23505: unique
 * violation) or, where two batches took the same rows in different orders, a deadlock (40P01);
 * or a close of the books committed since the batch read the closed-through day.
 */
function isConcurrentWrite(error: unknown): boolean {
  if (error instanceof BalanceWriteConflict || error instanceof ClosedThroughChanged) return true;
  const code = sqlStateOf(error);
  return code === '23505' || code === '40P01';
}

/**
 * The ledger rules' errors that blame the movement itself. Others (a missing context, a movement
 * handed to the wrong balance) would be the ledger's own bug: they stall the partition instead.
 */
const MOVEMENT_FAULTS: ReadonlySet<LedgerErrorCode> = new Set([
  'LEDGER.INVALID_MOVEMENT',
  'LEDGER.QUANTITY_OVERFLOW',
  'LEDGER.COST_OUT_OF_RANGE',
  'LEDGER.CURRENCY_MISMATCH',
  'LEDGER.UNKNOWN_RECEIPT',
]);

function asMessageFault(error: unknown): unknown {
  if (!(error instanceof LedgerError) || !MOVEMENT_FAULTS.has(error.code)) return error;
  return new PermanentMessageError(error.code, error.message, error.field === undefined ? [] : [{ path: `payload.${error.field}`, message: error.message }]);
}

function toCheckedDomainMovement(wire: InventoryMovementV1, valuationCurrency: string, refusedIfNew: Map<string, Error>): Movement {
  // The count variances and corrections (the reserved reasons) are derived inside the batch of
  // the movement that causes them, for the same balance, and recorded with it: the ledger never
  // publishes one to the movements topic, so one read from it came from another producer,
  // whatever its source.system says. Kafka does not tell a consumer who produced a record, and
  // the payload is the producer's word; what the ledger recorded itself is the only proof.
  if (wire.kind === 'adjustment' && LEDGER_RESERVED_REASONS.includes(wire.reasonCode)) {
    refusedIfNew.set(
      wire.movementId,
      new PermanentMessageError('LEDGER.RESERVED_REASON_CODE', `reasonCode "${wire.reasonCode}" is reserved for adjustments the ledger derives itself`, [
        { path: 'payload.reasonCode', message: 'reserved for the ledger' },
      ]),
    );
  }
  if (wire.kind === 'landed-cost-variance') {
    refusedIfNew.set(
      wire.movementId,
      new PermanentMessageError('LEDGER.RESERVED_KIND', 'landed-cost-variance movements are derived by the ledger from a landed cost, never received', [
        { path: 'payload.kind', message: 'reserved for the ledger' },
      ]),
    );
  }
  try {
    return toDomainMovement(wire, valuationCurrency);
  } catch (error) {
    if (!(error instanceof LedgerError) || error.code !== 'LEDGER.CURRENCY_MISMATCH') throw error;
    // Kept as stated so the batch can still find it already applied; refused if it is new.
    if (!refusedIfNew.has(wire.movementId)) refusedIfNew.set(wire.movementId, error);
    return toDomainMovementAsStated(wire);
  }
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
    reserved: undefined,
    transfer: transferOf(row.kind, row.payload),
  };
}

/**
 * What the batch's new sales and shipments take from the reservations they name, one entry per
 * reservation: a statement updates a row once, so two movements naming one reservation are summed.
 */
function reservationConsumptions(outcome: BatchOutcome, wireById: Map<string, InventoryMovementV1>): ReservationConsumption[] {
  const byReservation = new Map<string, ReservationConsumption>();
  for (const { movement, outcome: applied } of outcome.entries) {
    const wire = wireById.get(movement.movementId);
    if (wire === undefined || (wire.kind !== 'sale' && wire.kind !== 'transfer-out') || wire.reservationId === undefined) continue;
    const earlier = byReservation.get(wire.reservationId);
    if (earlier) earlier.quantity += wire.quantity;
    else
      byReservation.set(wire.reservationId, {
        reservationId: wire.reservationId,
        sku: wire.sku,
        locationId: wire.locationId,
        quantity: wire.quantity,
        movementId: wire.movementId,
        onHandAfter: applied.balance.onHand,
      });
  }
  return [...byReservation.values()];
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
  closedThrough: string | null,
): MovementRow[] {
  return outcome.entries.map(({ movement, outcome: effect }, index) => {
    const cause = causeOf(movement);
    const occurredAt = new Date(movement.occurredAt).toISOString();
    const lastMovementAt = effect.balance.lastMovementAt;
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
      occurredAt,
      // Movements mostly arrive in business-time order: then the mark is this movement's own time.
      lastMovementAtAfter: lastMovementAt === null || lastMovementAt === movement.occurredAt ? occurredAt : new Date(lastMovementAt).toISOString(),
      postingDay: postingDayIfMoved(movement.occurredAt, closedThrough),
      recordedAt,
      causedByMovementId: movement.causedByMovementId ?? null,
      causeEventId: cause?.eventId ?? null,
      correlationId: cause?.correlationId ?? null,
      payload: wireById.get(movement.movementId) ?? toWireMovement(movement),
    };
  });
}

/**
 * A movement id names one movement: re-sent with the same body it is a duplicate (skipped), with
 * another body a conflict, refused as the message's own fault (dead-lettered, never applied and
 * never silently dropped). Two copies in one batch are compared with each other, a copy of one
 * applied earlier with the body recorded for its id (batchFacts); an id applied before
 * fingerprints were kept (null) cannot be compared and stays a duplicate. Fingerprints are taken
 * only for ids met before: a new movement, nearly every one, needs none.
 */
function refuseConflicts(batch: PreparedBatch, alreadyApplied: ReadonlyMap<string, string | null>): void {
  const fingerprints = new Map<number, string>();
  const fingerprintAt = (index: number) => {
    let fingerprint = fingerprints.get(index);
    if (fingerprint === undefined) fingerprints.set(index, (fingerprint = movementFingerprint(batch.incoming[index]!.movement)));
    return fingerprint;
  };
  const firstCopyAt = new Map<string, number>();
  for (const [index, { movement }] of batch.incoming.entries()) {
    const earlierCopy = firstCopyAt.get(movement.movementId);
    const applied = alreadyApplied.get(movement.movementId);
    const earlier = earlierCopy !== undefined ? fingerprintAt(earlierCopy) : applied === null ? undefined : applied;
    if (earlier !== undefined && earlier !== fingerprintAt(index)) {
      throw new PermanentMessageError(
        'LEDGER.CONFLICT',
        `movement ${movement.movementId} was already received with other content: a movement id names one movement`,
        [{ path: 'payload.movementId', message: 'already used for a movement with other content' }],
      );
    }
    if (earlierCopy === undefined) firstCopyAt.set(movement.movementId, index);
  }
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
    ...(movementSeqs.length > 0 ? [appliedBatchRow(movementSeqs, appliedAt)] : []),
    ...[...outcome.alerts, ...extraAlerts].map((alert) => alertRow(alert, appliedAt, causeById.get(alert.causedByMovementId))),
    ...outcome.outbound.map((movement) => outboundMovementRow(movement, causeOf(movement))),
  ];
}

/**
 * Withheld, the events subscribers would hear are written as already published; a derived
 * movement is not an event for subscribers but work the ledger still owes another balance, so it
 * is always left for the relay to publish and the consumer to apply.
 */
function withheldIf(withhold: boolean, rows: OutboxRow[]): OutboxRow[] {
  if (!withhold) return rows;
  return rows.map((row) => (row.topic === TOPICS.inventoryMovements.name ? row : { ...row, withheld: true }));
}
