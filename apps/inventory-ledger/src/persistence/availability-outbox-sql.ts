// What a change of reservations or of a balance owes subscribers, written to the outbox by the
// same statement as the change: its reservation events, the stock level of each key whose
// reserved it changed, and an availability alert when on hand - reserved crossed zero (movement by
// movement for a batch of movements). Written inside the statement, after the balance row is locked, so a
// key's rows take outbox numbers in the order its changes commit and the relay publishes them in
// that order, each once. The rows hold the facts only; the relay builds the events from them
// (reservations/reservation-outbox-expansions.ts), so the envelopes are made in one place.

/** Outbox rows of this topic stand for one inventory.reservations.v1 event each. */
export const RESERVATION_EVENT_RECORD = 'ledger.reservation-event';
/** Outbox rows of this topic stand for one available-zero or back-in-stock alert each. */
export const AVAILABILITY_ALERT_RECORD = 'ledger.availability-alert';

/** Outbox rows of this topic stand for one inventory.stock-levels.v1 record each, after a reservation change. */
export const RESERVATION_STOCK_LEVEL_RECORD = 'ledger.reservation-stock-level';

/** The payload of a reservation event's outbox row: a row of reservation_event. */
export interface ReservationEventRecord {
  sequence: number;
  reservationId: string;
  kind: string;
  sku: string;
  locationId: string;
  quantity: number;
  reservedAfter: number;
  onHandAfter: number;
  movementId: string | null;
  recordedAt: string;
}

/**
 * The payload of a stock level's outbox row: a key's balance as a reservation change left it.
 * Money travels as the column's text, so no figure passes through a floating-point number.
 */
export interface ReservationStockLevelRecord {
  /** The key's last reservation event of the change (reservation_event.event_seq). */
  sequence: number;
  sku: string;
  locationId: string;
  onHand: number;
  inTransit: number;
  onOrder: number;
  inventoryValue: string;
  averageUnitCost: string;
  balanceVersion: number;
  reserved: number;
  lastMovementId: string | null;
  recordedAt: string;
}

/** The payload of an availability alert's outbox row. */
export interface AvailabilityAlertRecord {
  alertId: string;
  type: 'available-zero' | 'back-in-stock';
  sku: string;
  locationId: string;
  onHand: number;
  reserved: number;
  movementId: string | null;
  reservationId: string | null;
  raisedAt: string;
}

/**
 * An INSERT of the outbox rows of the reservation events `events` returned (every column of
 * reservation_event), in event order. `published` is the published_at written: NULL to publish,
 * now() for a history loaded in bulk whose events are withheld.
 */
export function reservationEventsToOutbox(outbox: string, events: string, published = 'NULL'): string {
  return `INSERT INTO ${outbox} (event_id, topic, message_key, payload, movement_id, published_at)
           SELECT 'reservation-event:' || e.event_seq, '${RESERVATION_EVENT_RECORD}', e.sku || '@' || e.location_id,
                  jsonb_build_object('sequence', e.event_seq, 'reservationId', e.reservation_id, 'kind', e.kind, 'sku', e.sku,
                    'locationId', e.location_id, 'quantity', e.quantity, 'reservedAfter', e.reserved_after, 'onHandAfter', e.on_hand_after,
                    'movementId', e.movement_id, 'recordedAt', e.recorded_at),
                  NULL, ${published}
             FROM ${events} e ORDER BY e.event_seq`;
}

/**
 * An INSERT of an alert for each key of `changes` whose availability crossed zero. `changes` has
 * one row per key changed: sku, location_id, on_hand and reserved after the change,
 * available_before, cause (what makes the alert's id unique: the movement or the reservation
 * event), movement_id (the key's last movement) and reservation_id (null for a movement). The
 * rule is availabilityCrossing of the inventory domain: down to zero or below, up above zero.
 */
export function availabilityAlertsToOutbox(outbox: string, changes: string, published = 'NULL', orderBy = ''): string {
  return `INSERT INTO ${outbox} (event_id, topic, message_key, payload, movement_id, published_at)
           SELECT 'alert:' || x.type || ':' || c.cause, '${AVAILABILITY_ALERT_RECORD}', c.sku || '@' || c.location_id,
                  jsonb_build_object('alertId', x.type || ':' || c.cause, 'type', x.type, 'sku', c.sku, 'locationId', c.location_id,
                    'onHand', c.on_hand, 'reserved', c.reserved, 'movementId', c.movement_id, 'reservationId', c.reservation_id, 'raisedAt', now()),
                  NULL, ${published}
             FROM ${changes} c
             CROSS JOIN LATERAL (SELECT CASE WHEN c.available_before > 0 AND c.on_hand - c.reserved <= 0 THEN 'available-zero'
                                             WHEN c.available_before <= 0 AND c.on_hand - c.reserved > 0 THEN 'back-in-stock' END AS type) x
            WHERE x.type IS NOT NULL${orderBy === '' ? '' : ` ORDER BY ${orderBy}`}
           ON CONFLICT (event_id) DO NOTHING`;
}

/**
 * The `changes` of availabilityAlertsToOutbox for a batch of movements: one row per step of a
 * key's walk of availability, so a batch that empties a key and restores it within itself raises
 * both alerts, each named by the movement that crossed, exactly as the same movements applied one
 * batch at a time would. `steps` has per step sku, location_id, n (its place among the key's
 * steps), movement_id and on_hand after it; `keys` per key the reserved the write left (the figure
 * of the balance row the statement locked, so a reservation committed meanwhile on any instance
 * is counted) and available_before, the key's availability before the batch; `taken` (optional)
 * per step what its movement took from a reservation (sku, location_id, n, taken): reserved after
 * a step is what the write left plus what the key's later steps took.
 */
export function movementAvailabilitySteps(steps: string, keys: string, taken?: string): string {
  const reservedAfter =
    taken === undefined
      ? 'k.reserved'
      : `k.reserved + COALESCE(sum(t.taken) OVER (PARTITION BY s.sku, s.location_id ORDER BY s.n ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0)`;
  return `(SELECT w.sku, w.location_id, w.on_hand, w.reserved,
                  COALESCE(lag(w.on_hand - w.reserved) OVER (PARTITION BY w.sku, w.location_id ORDER BY w.n), w.key_available_before) AS available_before,
                  w.movement_id AS cause, w.movement_id, NULL AS reservation_id, w.n
             FROM (SELECT s.sku, s.location_id, s.n, s.movement_id, s.on_hand, k.available_before AS key_available_before, ${reservedAfter} AS reserved
                     FROM ${steps} s JOIN ${keys} k USING (sku, location_id)
                     ${taken === undefined ? '' : `LEFT JOIN ${taken} t USING (sku, location_id, n)`}) w)`;
}

/**
 * The `changes` of availabilityAlertsToOutbox for a batch of movements that takes from no
 * reservation, for the keys `keys` names: per key sku, location_id, reserved (held still through
 * the batch), available_before and walk, its steps as the write statement's balance document
 * carries them ([movement id, on hand after it, ...]). The same rows as movementAvailabilitySteps
 * gives for those keys.
 */
export function walkedAvailabilitySteps(keys: string): string {
  return `(SELECT w.sku, w.location_id, w.on_hand, w.reserved,
                  COALESCE(lag(w.on_hand - w.reserved) OVER (PARTITION BY w.sku, w.location_id ORDER BY w.n), w.key_available_before) AS available_before,
                  w.movement_id AS cause, w.movement_id, NULL AS reservation_id, w.n
             FROM (SELECT k.sku, k.location_id, s.n, s.e->>0 AS movement_id, (s.e->>1)::bigint AS on_hand, k.available_before AS key_available_before, k.reserved
                     FROM ${keys} k CROSS JOIN LATERAL jsonb_array_elements(k.walk) WITH ORDINALITY AS s(e, n)) w)`;
}

/**
 * An INSERT of a stock level row for each key of `changes`, whose reserved a reservation change
 * just set. `changes` has one row per key, read from the balance row the statement updated:
 * sku, location_id, on_hand, in_transit, on_order, inventory_value, average_unit_cost, version,
 * reserved, last_movement_id, and sequence and recorded_at of the key's last reservation event of
 * the change. The sequence orders the record after the key's movement of the same version and
 * after its earlier reservation changes (isNewerStockLevel of the contracts).
 */
export function reservationStockLevelsToOutbox(outbox: string, changes: string): string {
  return `INSERT INTO ${outbox} (event_id, topic, message_key, payload, movement_id, published_at)
           SELECT 'stock-level:' || c.sku || '@' || c.location_id || ':' || c.version || ':reservation-event:' || c.sequence,
                  '${RESERVATION_STOCK_LEVEL_RECORD}', c.sku || '@' || c.location_id,
                  jsonb_build_object('sequence', c.sequence, 'sku', c.sku, 'locationId', c.location_id, 'onHand', c.on_hand,
                    'inTransit', c.in_transit, 'onOrder', c.on_order, 'inventoryValue', c.inventory_value::text,
                    'averageUnitCost', c.average_unit_cost::text, 'balanceVersion', c.version, 'reserved', c.reserved,
                    'lastMovementId', c.last_movement_id, 'recordedAt', c.recorded_at),
                  NULL, NULL
             FROM ${changes} c ORDER BY c.sequence`;
}

/**
 * The `changes` of reservationStockLevelsToOutbox when a statement changed a key's reserved by
 * several events: one row per key of the updated balances `balance` (alias b, its stock level
 * columns returned), numbered by the key's last event in `events`.
 */
export function lastStockLevelPerKey(balance: string, events: string): string {
  return `(SELECT DISTINCT ON (b.sku, b.location_id) b.sku, b.location_id, b.on_hand, b.in_transit, b.on_order, b.inventory_value,
                  b.average_unit_cost, b.version, b.reserved, b.last_movement_id, e.event_seq AS sequence, e.recorded_at
             FROM ${balance} b JOIN ${events} e USING (sku, location_id)
            ORDER BY b.sku, b.location_id, e.event_seq DESC)`;
}
