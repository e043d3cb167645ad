// Builds the events that the reservation statements and the batch write leave in the outbox as
// facts (persistence/availability-outbox-sql.ts): a reservation event on inventory.reservations.v1
// per row, a key's stock level on inventory.stock-levels.v1 per row, and an available-zero or back-in-stock alert on inventory.alerts.v1 per row. Ids and
// contents depend only on the row, so a re-send after a crash carries the same eventId. A row the
// contract refuses stops the relay (thrown) rather than being sent or skipped.
import { TOPICS, createEnvelope, derivedEventId, stockKey, type AlertV1, type ReservationEventV1, type StockLevelV1 } from '@ledgerline/contracts';
import type { OutboxExpansion, OutgoingRecord } from '@ledgerline/messaging';
import { formatMoney, parseMoney } from '@ledgerline/money';
import {
  AVAILABILITY_ALERT_RECORD,
  RESERVATION_EVENT_RECORD,
  RESERVATION_STOCK_LEVEL_RECORD,
  type AvailabilityAlertRecord,
  type ReservationEventRecord,
  type ReservationStockLevelRecord,
} from '../persistence/availability-outbox-sql';

const PRODUCER = 'inventory-ledger';

/** One event per row, built from the row alone. */
class OneEventPerRow<R> implements OutboxExpansion {
  constructor(private readonly build: (record: R) => OutgoingRecord) {}

  eventCount(): number {
    return 1;
  }

  expand(payloads: readonly unknown[]): Promise<OutgoingRecord[][]> {
    return Promise.resolve(payloads.map((payload) => [this.build(payload as R)]));
  }
}

export function reservationEvent(record: ReservationEventRecord): OutgoingRecord {
  const eventId = derivedEventId('reservation-event', String(record.sequence));
  const recordedAt = new Date(record.recordedAt).toISOString();
  const payload: ReservationEventV1 = TOPICS.reservations.payloadSchema.parse({
    reservationId: record.reservationId,
    kind: record.kind,
    sku: record.sku,
    locationId: record.locationId,
    quantity: Number(record.quantity),
    reservedAfter: Number(record.reservedAfter),
    onHandAfter: Number(record.onHandAfter),
    availableAfter: Number(record.onHandAfter) - Number(record.reservedAfter),
    sequence: Number(record.sequence),
    ...(record.movementId === null ? {} : { movementId: record.movementId }),
    recordedAt,
  });
  return {
    topic: TOPICS.reservations.name,
    key: stockKey(record.sku, record.locationId),
    value: createEnvelope(TOPICS.reservations, payload, { producer: PRODUCER, occurredAt: recordedAt, eventId }),
    headers: { 'x-event-id': eventId },
  };
}

/**
 * The key's balance as a reservation change left it. Its id names the balance version and the
 * reservation event, so it never collides with the record of a movement (stock-level:<key>:<version>).
 */
export function reservationStockLevel(record: ReservationStockLevelRecord): OutgoingRecord {
  const key = stockKey(record.sku, record.locationId);
  const eventId = derivedEventId('stock-level', `${key}:${record.balanceVersion}:reservation-event:${record.sequence}`);
  const updatedAt = new Date(record.recordedAt).toISOString();
  const onHand = Number(record.onHand);
  const reserved = Number(record.reserved);
  const payload: StockLevelV1 = TOPICS.stockLevels.payloadSchema.parse({
    sku: record.sku,
    locationId: record.locationId,
    onHand,
    inTransit: Number(record.inTransit),
    onOrder: Number(record.onOrder),
    inventoryValue: formatMoney(parseMoney(record.inventoryValue)),
    averageUnitCost: formatMoney(parseMoney(record.averageUnitCost)),
    balanceVersion: Number(record.balanceVersion),
    reserved,
    available: onHand - reserved,
    reservationSequence: Number(record.sequence),
    lastMovementId: record.lastMovementId,
    updatedAt,
  });
  return {
    topic: TOPICS.stockLevels.name,
    key,
    value: createEnvelope(TOPICS.stockLevels, payload, { producer: PRODUCER, occurredAt: updatedAt, eventId }),
    headers: { 'x-event-id': eventId },
  };
}

export function availabilityAlert(record: AvailabilityAlertRecord): OutgoingRecord {
  const eventId = derivedEventId('alert', record.alertId);
  const raisedAt = new Date(record.raisedAt).toISOString();
  const onHand = Number(record.onHand);
  const reserved = Number(record.reserved);
  const where = `${record.sku} at ${record.locationId}`;
  const payload: AlertV1 = TOPICS.alerts.payloadSchema.parse({
    alertId: record.alertId,
    type: record.type,
    severity: record.type === 'available-zero' ? 'warning' : 'info',
    sku: record.sku,
    locationId: record.locationId,
    onHand,
    reserved,
    available: onHand - reserved,
    // A balance always has a last movement; the contract asks for one.
    movementId: record.movementId,
    ...(record.reservationId === null ? {} : { reservationId: record.reservationId }),
    raisedAt,
    message:
      record.type === 'available-zero'
        ? `${where} has nothing left to promise: ${onHand} on hand, ${reserved} reserved`
        : `${where} can be promised again: ${onHand - reserved} available (${onHand} on hand, ${reserved} reserved)`,
  });
  return {
    topic: TOPICS.alerts.name,
    key: stockKey(record.sku, record.locationId),
    value: createEnvelope(TOPICS.alerts, payload, { producer: PRODUCER, occurredAt: raisedAt, eventId }),
    headers: { 'x-event-id': eventId },
  };
}

/** The relay's expansions of the rows the reservation statements and the batch write derive. */
export function reservationOutboxExpansions(): Record<string, OutboxExpansion> {
  return {
    [RESERVATION_EVENT_RECORD]: new OneEventPerRow(reservationEvent),
    [RESERVATION_STOCK_LEVEL_RECORD]: new OneEventPerRow(reservationStockLevel),
    [AVAILABILITY_ALERT_RECORD]: new OneEventPerRow(availabilityAlert),
  };
}
