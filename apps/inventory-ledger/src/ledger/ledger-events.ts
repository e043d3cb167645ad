// The events the ledger publishes. Event ids are derived from the movement or balance version, so
// a consumer de-duplicates by eventId and a re-run produces the same ids.
//
// Stock-changed and stock-levels events are built from recorded movements when the outbox relay
// publishes an applied batch (the movement row carries the balance after the movement and its
// cause; the writer also keeps them in memory for the relay), so the transaction writes each
// movement once. Alerts and the movements the ledger
// derives for another balance are written to the outbox whole, as rows of their own.
import { TOPICS, createEnvelope, derivedEventId, stockKey, type AlertV1 } from '@ledgerline/contracts';
import type { AlertDraft, Movement } from '@ledgerline/inventory-domain';
import { DeferredJson } from '@ledgerline/messaging';
import { formatMoney, type Money } from '@ledgerline/money';
import { toWireMovement } from './movement-mapper';

export interface OutboxRow {
  eventId: string;
  topic: string;
  key: string;
  payload: unknown;
  movementId: string | null;
  /**
   * Written as published without being sent: the events of a history loaded in bulk, withheld
   * from subscribers (docs/operations/bulk-load.md). Never set on a derived movement's row.
   */
  withheld?: boolean;
}

export interface CausingEvent {
  eventId: string;
  correlationId: string;
}

/** The balance of a SKU at a location after a movement, as its events state it. */
export interface BalanceFigures {
  readonly onHand: number;
  readonly inTransit: number;
  readonly onOrder: number;
  readonly inventoryValue: Money;
  readonly averageUnitCost: Money;
  readonly version: number;
}

/** One movement as the ledger recorded it: what its stock-changed and stock-levels events say. */
export interface RecordedMovement {
  /** Its number in the ledger: applied-batch records name movements by it. */
  readonly movementSeq: number;
  readonly movementId: string;
  readonly kind: string;
  readonly sku: string;
  readonly locationId: string;
  readonly quantityDelta: number;
  readonly costOfGoodsSold: Money;
  readonly balanceAfter: BalanceFigures;
  /** UTC ISO business time. */
  readonly occurredAt: string;
  /** ISO time of the transaction that recorded it. */
  readonly appliedAt: string;
  readonly cause: CausingEvent | undefined;
  /**
   * The key's reserved after the movement, set when the relay expands its applied-batch record
   * (assignReserved); undefined until then, and for records written before they stated it. Present
   * from creation so that every recorded movement keeps one shape.
   */
  reserved: number | undefined;
  /** Set on transfer kinds only (transferOf): the transfer, and for the receiving side its source. */
  readonly transfer: TransferNamed | undefined;
}

export interface TransferNamed {
  readonly transferId: string;
  readonly fromLocationId: string | undefined;
}

const TRANSFER_KINDS: ReadonlySet<string> = new Set(['transfer-out', 'transfer-shipped', 'transfer-in']);

/** What a recorded movement's stock-changed event says of its transfer, from the movement as received. */
export function transferOf(kind: string, wire: unknown): TransferNamed | undefined {
  if (!TRANSFER_KINDS.has(kind)) return undefined;
  const { transferId, fromLocationId } = wire as { transferId: string; fromLocationId?: string };
  return { transferId, fromLocationId };
}

/**
 * The outbox row of one applied batch: the movement_seq ranges its transaction recorded. The
 * relay expands it into a stock-changed event per movement and a stock-levels event per key.
 */
export const APPLIED_BATCH_RECORD = 'ledger.applied-batch';

export interface AppliedBatchRecord {
  /** Inclusive [first, last] movement_seq ranges, ascending. */
  readonly movementSeqRanges: ReadonlyArray<readonly [number, number]>;
  /**
   * When the batch was recorded, the recorded_at of each of its movements: the month its rows
   * are in, so reading them back plans that month alone. Absent from records written before it
   * was added.
   */
  readonly recordedAt?: string;
  /**
   * Added by the write statement, which alone knows them (reservations change reserved without a
   * new balance version): each key's reserved as the batch left it, for the keys holding some (a
   * key absent holds none), and the units each movement took from reservations.
   */
  readonly reservedAfter?: Readonly<Record<string, number>>;
  readonly takenBy?: Readonly<Record<string, number>>;
}

const PRODUCER = 'inventory-ledger';

export function appliedBatchRow(movementSeqs: readonly number[], recordedAt: string): OutboxRow {
  const record: AppliedBatchRecord = { movementSeqRanges: toRanges(movementSeqs), recordedAt };
  return { eventId: `applied-batch:${movementSeqs[0]}`, topic: APPLIED_BATCH_RECORD, key: '', payload: record, movementId: null };
}

/** Sorted, distinct numbers as inclusive runs: [1,2,3,7,8] -> [[1,3],[7,8]]. */
export function toRanges(sortedSeqs: readonly number[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const seq of sortedSeqs) {
    const last = ranges[ranges.length - 1];
    if (last && seq === last[1] + 1) last[1] = seq;
    else ranges.push([seq, seq]);
  }
  return ranges;
}

/**
 * The events of an applied batch, from its movements in the order recorded: one stock-changed
 * event per movement, then one stock-levels event per key with the balance after the key's last
 * movement (keys in the order first touched).
 */
export function appliedBatchEvents(movements: readonly RecordedMovement[]): OutboxRow[] {
  const lastByKey = new Map<string, RecordedMovement>();
  for (const movement of movements) lastByKey.set(stockKey(movement.sku, movement.locationId), movement);
  return [...movements.map(stockChangedRow), ...[...lastByKey.values()].map(stockLevelRow)];
}

export function stockChangedRow(recorded: RecordedMovement): OutboxRow {
  const eventId = derivedEventId('stock-changed', recorded.movementId);
  return {
    eventId,
    topic: TOPICS.stockChanged.name,
    key: stockKey(recorded.sku, recorded.locationId),
    payload: new DeferredJson(recorded, stockChangedJson),
    movementId: recorded.movementId,
  };
}

/** The balance after `last`, the last movement of its key in a batch, for the compacted topic. */
export function stockLevelRow(last: RecordedMovement): OutboxRow {
  const key = stockKey(last.sku, last.locationId);
  const eventId = derivedEventId('stock-level', `${key}:${last.balanceAfter.version}`);
  return { eventId, topic: TOPICS.stockLevels.name, key, payload: new DeferredJson(last, stockLevelJson), movementId: null };
}

// The two events of every movement are written as JSON text directly, when the relay sends them
// (DeferredJson): building each as nested objects (payload, balance fields, envelope) for
// JSON.stringify cost a third more per event, and a batch's events waiting for the broker as
// finished text were copied by every young-generation collection. The text is exactly
// JSON.stringify of the envelope createEnvelope builds (same keys in the same order);
// ledger-events.spec.ts checks that on generated movements, strings needing escapes included,
// and decodes every event with its contract.
const json = JSON.stringify;

function stockChangedJson(recorded: RecordedMovement): string {
  const occurredAt = recorded.occurredAt;
  const eventId = json(derivedEventId('stock-changed', recorded.movementId));
  const chainFields = recorded.cause
    ? `"correlationId":${json(recorded.cause.correlationId)},"causationId":${json(recorded.cause.eventId)}`
    : `"correlationId":${eventId},"causationId":null`;
  return (
    `{"eventId":${eventId},"eventType":"${TOPICS.stockChanged.eventType}","schemaVersion":${TOPICS.stockChanged.version},` +
    `"occurredAt":"${occurredAt}",${chainFields},"producer":"${PRODUCER}",` +
    `"payload":{"movementId":${json(recorded.movementId)},"kind":${json(recorded.kind)},"sku":${json(recorded.sku)},` +
    `"locationId":${json(recorded.locationId)},"quantityDelta":${recorded.quantityDelta},${balanceFieldsJson(recorded.balanceAfter, recorded.reserved)},` +
    `"costOfGoodsSold":"${formatMoney(recorded.costOfGoodsSold)}","occurredAt":"${occurredAt}","appliedAt":${json(recorded.appliedAt)}` +
    (recorded.transfer === undefined ? '}}' : `${transferFieldsJson(recorded.transfer)}}}`)
  );
}

function transferFieldsJson(transfer: TransferNamed): string {
  return `,"transferId":${json(transfer.transferId)}` + (transfer.fromLocationId === undefined ? '' : `,"fromLocationId":${json(transfer.fromLocationId)}`);
}

function stockLevelJson(last: RecordedMovement): string {
  const eventId = json(derivedEventId('stock-level', `${stockKey(last.sku, last.locationId)}:${last.balanceAfter.version}`));
  const updatedAt = json(last.appliedAt);
  return (
    `{"eventId":${eventId},"eventType":"${TOPICS.stockLevels.eventType}","schemaVersion":${TOPICS.stockLevels.version},` +
    `"occurredAt":${updatedAt},"correlationId":${eventId},"causationId":null,"producer":"${PRODUCER}",` +
    `"payload":{"sku":${json(last.sku)},"locationId":${json(last.locationId)},${balanceFieldsJson(last.balanceAfter, last.reserved)},` +
    `"lastMovementId":${json(last.movementId)},"updatedAt":${updatedAt}}}`
  );
}

function balanceFieldsJson(balance: BalanceFigures, reserved: number | undefined): string {
  return (
    `"onHand":${balance.onHand},"inTransit":${balance.inTransit},"onOrder":${balance.onOrder},` +
    `"inventoryValue":"${formatMoney(balance.inventoryValue)}","averageUnitCost":"${formatMoney(balance.averageUnitCost)}",` +
    `"balanceVersion":${balance.version}` +
    (reserved === undefined ? '' : `,"reserved":${reserved},"available":${balance.onHand - reserved}`)
  );
}

/**
 * The ledger records a POS sale of a SKU the catalog does not list (the till is right about what
 * left the shelf), but operations should hear of it once per SKU and location.
 */
export interface UnknownSkuAlertDraft {
  readonly kind: 'unknown-sku';
  readonly sku: string;
  readonly locationId: string;
  readonly causedByMovementId: string;
  readonly occurredAt: number;
  readonly onHand: number;
}

export type LedgerAlertDraft = AlertDraft | UnknownSkuAlertDraft;

export function alertRow(draft: LedgerAlertDraft, raisedAt: string, cause: CausingEvent | undefined): OutboxRow {
  // An unknown SKU is reported once per stock key: its id ignores the movement.
  const alertId = draft.kind === 'unknown-sku' ? `unknown-sku:${stockKey(draft.sku, draft.locationId)}` : `${draft.kind}:${draft.causedByMovementId}`;
  const payload: AlertV1 = {
    alertId,
    type: draft.kind,
    severity: draft.kind === 'negative-stock' || draft.kind === 'stockout' ? 'critical' : 'warning',
    sku: draft.sku,
    locationId: draft.locationId,
    onHand: draft.onHand,
    movementId: draft.causedByMovementId,
    raisedAt,
    message: alertMessage(draft),
    ...(draft.kind === 'low-stock' ? { threshold: draft.threshold } : {}),
    ...(draft.kind === 'count-variance' ? { variance: draft.variance, varianceValue: formatMoney(draft.varianceValue) } : {}),
  };
  const eventId = derivedEventId('alert', alertId);
  return {
    eventId,
    topic: TOPICS.alerts.name,
    key: stockKey(draft.sku, draft.locationId),
    payload: createEnvelope(TOPICS.alerts, payload, { producer: PRODUCER, occurredAt: iso(draft.occurredAt), eventId, ...chain(cause) }),
    movementId: null,
  };
}

/** A movement the ledger derived for another balance (a transfer's shipment), published as input. */
export function outboundMovementRow(movement: Movement, cause: CausingEvent | undefined): OutboxRow {
  const eventId = derivedEventId('movement', movement.movementId);
  const payload = toWireMovement(movement);
  return {
    eventId,
    topic: TOPICS.inventoryMovements.name,
    key: stockKey(movement.sku, movement.locationId),
    payload: createEnvelope(TOPICS.inventoryMovements, payload, { producer: PRODUCER, occurredAt: payload.occurredAt, eventId, ...chain(cause) }),
    movementId: null,
  };
}

function chain(cause: CausingEvent | undefined) {
  return cause ? { correlationId: cause.correlationId, causationId: cause.eventId } : {};
}

function alertMessage(draft: LedgerAlertDraft): string {
  const where = `${draft.sku} at ${draft.locationId}`;
  switch (draft.kind) {
    case 'negative-stock':
      return `${where} is below zero (${draft.onHand} on hand): sold more than the record holds`;
    case 'stockout':
      return `${where} is out of stock`;
    case 'low-stock':
      return `${where} fell below its low-stock threshold of ${draft.threshold} (${draft.onHand} on hand)`;
    case 'count-variance':
      return `Count ${draft.countId} of ${where}: counted ${draft.countedQuantity}, expected ${draft.expectedQuantity} (variance ${draft.variance})`;
    case 'unknown-sku':
      return `${where}: the POS sold or returned a SKU the catalog does not list; recorded anyway, add it to the catalog`;
  }
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
