// The events the ledger publishes for one applied batch, built as outbox rows so they commit in
// the same transaction as the movements. Event ids are derived from the movement or balance
// version, so a consumer de-duplicates by eventId and a re-run produces the same ids.
import { TOPICS, createEnvelope, derivedEventId, stockKey, type AlertV1 } from '@ledgerline/contracts';
import type { AlertDraft, BalanceChange, LedgerEntry, Movement, StockBalance } from '@ledgerline/inventory-domain';
import { formatMoney } from '@ledgerline/money';
import { toWireMovement } from './movement-mapper';

export interface OutboxRow {
  eventId: string;
  topic: string;
  key: string;
  payload: unknown;
  movementId: string | null;
}

export interface CausingEvent {
  eventId: string;
  correlationId: string;
}

const PRODUCER = 'inventory-ledger';

export function stockChangedRow(entry: LedgerEntry, appliedAt: string, cause: CausingEvent | undefined): OutboxRow {
  const { movement, outcome } = entry;
  const balance = outcome.balance;
  const eventId = derivedEventId('stock-changed', movement.movementId);
  const payload = {
    movementId: movement.movementId,
    kind: movement.kind,
    sku: movement.sku,
    locationId: movement.locationId,
    quantityDelta: outcome.quantityDelta,
    ...balanceFields(balance),
    costOfGoodsSold: formatMoney(outcome.costOfGoodsSold),
    occurredAt: iso(movement.occurredAt),
    appliedAt,
  };
  return {
    eventId,
    topic: TOPICS.stockChanged.name,
    key: stockKey(movement.sku, movement.locationId),
    payload: createEnvelope(TOPICS.stockChanged, payload, { producer: PRODUCER, occurredAt: payload.occurredAt, eventId, ...chain(cause) }),
    movementId: movement.movementId,
  };
}

export function stockLevelRow(change: BalanceChange, updatedAt: string): OutboxRow {
  const balance = change.after;
  const lastMovementId = change.entries[change.entries.length - 1]!.movement.movementId;
  const key = stockKey(balance.sku, balance.locationId);
  const eventId = derivedEventId('stock-level', `${key}:${balance.version}`);
  const payload = { sku: balance.sku, locationId: balance.locationId, ...balanceFields(balance), lastMovementId, updatedAt };
  return {
    eventId,
    topic: TOPICS.stockLevels.name,
    key,
    payload: createEnvelope(TOPICS.stockLevels, payload, { producer: PRODUCER, occurredAt: updatedAt, eventId }),
    movementId: null,
  };
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

function balanceFields(balance: StockBalance) {
  return {
    onHand: balance.onHand,
    inTransit: balance.inTransit,
    onOrder: balance.onOrder,
    inventoryValue: formatMoney(balance.inventoryValue),
    averageUnitCost: formatMoney(balance.averageUnitCost),
    balanceVersion: balance.version,
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
