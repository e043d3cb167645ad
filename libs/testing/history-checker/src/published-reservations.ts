// What a subscriber of inventory.reservations.v1 and inventory.alerts.v1 can check from the
// topics alone (docs/reservations.md, "Events on Kafka"). Consumers drop a re-sent event by its
// eventId (a relay that crashed after a send sends it again), so the checks apply to the first
// of each id, and a re-send must carry the same content: every reservation event once and in
// order per key; replayed from a key's first event (a key whose reservations all went through
// the topic), they give reserved after each event and the balance's reserved at the end; and the
// availability alerts of a key alternate, available-zero first.
import type { AlertV1, Envelope, ReservationEventV1 } from '@ledgerline/contracts';

/** Units a reservation event adds to its key's reserved. */
export function reservedChangeOf(event: Pick<ReservationEventV1, 'kind' | 'quantity'>): number {
  switch (event.kind) {
    case 'granted':
      return event.quantity;
    case 'extended':
      return 0;
    default:
      return -event.quantity;
  }
}

/**
 * Violations of the published reservation events and availability alerts, each list in topic
 * order. `reservedByKey`, when given, is each key's balance's reserved now.
 */
export function publishedReservationViolations(
  events: ReadonlyArray<Envelope<ReservationEventV1>>,
  alerts: ReadonlyArray<Envelope<AlertV1>>,
  reservedByKey?: ReadonlyMap<string, number>,
): string[] {
  const violations: string[] = [];
  const seen = new Map<string, string>();
  const replayed = new Map<string, { reserved: number; sequence: number }>();
  for (const { eventId, payload: event } of events) {
    const content = JSON.stringify(event);
    const earlier = seen.get(eventId);
    if (earlier !== undefined) {
      if (earlier !== content) violations.push(`reservation event ${eventId} published again with other content`);
      continue;
    }
    seen.set(eventId, content);
    const key = `${event.sku}@${event.locationId}`;
    const before = replayed.get(key) ?? { reserved: 0, sequence: 0 };
    if (event.sequence <= before.sequence) violations.push(`${key}: event ${event.sequence} after ${before.sequence}`);
    const reserved = before.reserved + reservedChangeOf(event);
    if (reserved !== event.reservedAfter) violations.push(`${key}: replayed to event ${event.sequence} gives reserved ${reserved}, the event says ${event.reservedAfter}`);
    if (event.availableAfter !== event.onHandAfter - event.reservedAfter) violations.push(`${key}: event ${event.sequence} says available ${event.availableAfter} of ${event.onHandAfter} on hand and ${event.reservedAfter} reserved`);
    replayed.set(key, { reserved: event.reservedAfter, sequence: event.sequence });
  }
  for (const [key, reserved] of reservedByKey ?? []) {
    const fromEvents = replayed.get(key)?.reserved ?? 0;
    if (fromEvents !== reserved) violations.push(`${key}: its reservation events replayed give reserved ${fromEvents}, its balance holds ${reserved}`);
  }

  const lastAlert = new Map<string, string>();
  const alertIds = new Set<string>();
  for (const { payload: alert } of alerts) {
    if (alert.type !== 'available-zero' && alert.type !== 'back-in-stock') continue;
    if (alertIds.has(alert.alertId)) continue;
    alertIds.add(alert.alertId);
    const key = `${alert.sku}@${alert.locationId}`;
    const expected = lastAlert.get(key) === 'available-zero' ? 'back-in-stock' : 'available-zero';
    if (alert.type !== expected) violations.push(`${key}: ${alert.type} (${alert.alertId}) where ${expected} was due`);
    const available = alert.onHand - (alert.reserved ?? 0);
    if ((alert.type === 'available-zero') !== available <= 0) violations.push(`${key}: ${alert.type} with ${available} available`);
    lastAlert.set(key, alert.type);
  }
  return violations;
}
