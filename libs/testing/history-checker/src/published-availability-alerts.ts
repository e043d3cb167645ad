// What a subscriber of inventory.stock-changed.v1 and inventory.alerts.v1 can check of the
// availability alerts movements raise (docs/reservations.md, "Availability alerts"): each is
// raised at the movement it names, with that movement's figures, and, for a key that never held a
// reservation, the key's movements walked one by one in version order raise exactly the alerts
// published, no more, no fewer, in that order. The walk is written out here rather than taken from
// the ledger's domain, so the check does not share the rule it checks.
import type { AlertV1, Envelope, StockChangedV1 } from '@ledgerline/contracts';

const isAvailabilityAlert = (alert: AlertV1) => alert.type === 'available-zero' || alert.type === 'back-in-stock';

/**
 * Violations of the availability alerts raised by movements, given every stock-changed event of
 * the keys checked and the alerts topic, each in topic order. A re-sent event (same eventId) is
 * dropped as consumers do. A key whose events do not start at its first version is only checked
 * alert by alert.
 */
export function movementAvailabilityAlertViolations(stockChanged: ReadonlyArray<Envelope<StockChangedV1>>, alerts: ReadonlyArray<Envelope<AlertV1>>): string[] {
  const violations: string[] = [];
  const byMovement = new Map<string, StockChangedV1>();
  const eventsByKey = new Map<string, StockChangedV1[]>();
  const seenEvents = new Set<string>();
  for (const { eventId, payload } of stockChanged) {
    if (seenEvents.has(eventId)) continue;
    seenEvents.add(eventId);
    byMovement.set(payload.movementId, payload);
    const key = `${payload.sku}@${payload.locationId}`;
    eventsByKey.set(key, [...(eventsByKey.get(key) ?? []), payload]);
  }

  const publishedByKey = new Map<string, string[]>();
  const heldReservations = new Set<string>();
  const seenAlerts = new Set<string>();
  for (const { payload: alert } of alerts) {
    if (!isAvailabilityAlert(alert) || seenAlerts.has(alert.alertId)) continue;
    seenAlerts.add(alert.alertId);
    const key = `${alert.sku}@${alert.locationId}`;
    if (alert.reservationId !== undefined) {
      heldReservations.add(key);
      continue;
    }
    publishedByKey.set(key, [...(publishedByKey.get(key) ?? []), alert.alertId]);
    const movement = byMovement.get(alert.movementId);
    if (alert.alertId !== `${alert.type}:${alert.movementId}`) violations.push(`${key}: alert ${alert.alertId} does not name its movement ${alert.movementId}`);
    if (movement === undefined) {
      if (eventsByKey.has(key)) violations.push(`${key}: alert ${alert.alertId} names movement ${alert.movementId}, which has no stock-changed event`);
      continue;
    }
    if (movement.onHand !== alert.onHand || (movement.reserved !== undefined && movement.reserved !== (alert.reserved ?? 0))) {
      violations.push(
        `${key}: alert ${alert.alertId} says ${alert.onHand} on hand and ${alert.reserved ?? 0} reserved, its movement left ${movement.onHand} and ${movement.reserved ?? 'unstated'}`,
      );
    }
  }

  for (const [key, events] of eventsByKey) {
    const walk = [...events].sort((a, b) => a.balanceVersion - b.balanceVersion);
    const fromTheFirst = walk[0]?.balanceVersion === 1 && walk.every((event, index) => event.balanceVersion === index + 1);
    const neverReserved = !heldReservations.has(key) && walk.every((event) => event.reserved === 0);
    if (!fromTheFirst || !neverReserved) continue;
    const expected: string[] = [];
    let empty = false; // a key without a balance counts as available
    for (const event of walk) {
      const emptyNow = event.onHand <= 0;
      if (emptyNow !== empty) expected.push(`${emptyNow ? 'available-zero' : 'back-in-stock'}:${event.movementId}`);
      empty = emptyNow;
    }
    const published = publishedByKey.get(key) ?? [];
    if (JSON.stringify(published) !== JSON.stringify(expected)) {
      violations.push(`${key}: its movements walked one by one raise [${expected.join(', ')}], the alerts published are [${published.join(', ')}]`);
    }
  }
  return violations;
}
