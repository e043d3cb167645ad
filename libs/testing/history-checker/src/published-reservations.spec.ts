import { TOPICS, createEnvelope, reservationEventV1Examples, type AlertV1, type ReservationEventV1 } from '@ledgerline/contracts';
import { publishedReservationViolations } from './published-reservations';

const base = reservationEventV1Examples.granted;
let sequence = 0;
function event(kind: ReservationEventV1['kind'], quantity: number, reservedAfter: number, onHandAfter = 10) {
  sequence += 1;
  const payload: ReservationEventV1 = { ...base, kind, quantity, reservedAfter, onHandAfter, availableAfter: onHandAfter - reservedAfter, sequence };
  return createEnvelope(TOPICS.reservations, payload, { producer: 'inventory-ledger', occurredAt: base.recordedAt, eventId: `reservation-event:${sequence}` });
}
function alert(type: 'available-zero' | 'back-in-stock', onHand: number, reserved: number, id: string) {
  const payload: AlertV1 = { alertId: `${type}:${id}`, type, severity: 'warning', sku: base.sku, locationId: base.locationId, onHand, reserved, available: onHand - reserved, movementId: 'erp:1', raisedAt: base.recordedAt, message: 'm' };
  return createEnvelope(TOPICS.alerts, payload, { producer: 'inventory-ledger', occurredAt: base.recordedAt, eventId: `alert:${payload.alertId}` });
}
const key = `${base.sku}@${base.locationId}`;

describe('publishedReservationViolations', () => {
  it('accepts events that replay to each reserved figure and the balance, and alternating alerts', () => {
    const events = [event('granted', 4, 4), event('extended', 0, 4), event('granted', 6, 10), event('released', 6, 4), event('consumed', 3, 1, 7), event('expired', 1, 0, 7)];
    const alerts = [alert('available-zero', 10, 10, 'a'), alert('back-in-stock', 10, 4, 'b'), alert('available-zero', 10, 10, 'a')];
    expect(publishedReservationViolations(events, alerts, new Map([[key, 0]]))).toEqual([]);
  });

  it('drops a re-sent event as consumers do, and names one re-sent with other content, one out of order, a figure the replay does not give and a balance that disagrees', () => {
    const first = event('granted', 4, 4);
    const second = event('granted', 2, 7);
    const third = event('granted', 1, 8);
    const later = event('released', 8, 0);
    const violations = publishedReservationViolations([first, second, first, { ...second, payload: { ...second.payload, quantity: 3 } }, later, third], [], new Map([[key, 5]]));
    expect(violations).toEqual([
      `${key}: replayed to event ${second.payload.sequence} gives reserved 6, the event says 7`,
      `reservation event ${second.eventId} published again with other content`,
      `${key}: replayed to event ${later.payload.sequence} gives reserved -1, the event says 0`,
      `${key}: event ${third.payload.sequence} after ${later.payload.sequence}`,
      `${key}: replayed to event ${third.payload.sequence} gives reserved 1, the event says 8`,
      `${key}: its reservation events replayed give reserved 8, its balance holds 5`,
    ]);
  });

  it('names availability alerts that repeat a crossing, start with back-in-stock or contradict their figures', () => {
    expect(publishedReservationViolations([], [alert('back-in-stock', 3, 0, 'a')])).toEqual([`${key}: back-in-stock (back-in-stock:a) where available-zero was due`]);
    expect(publishedReservationViolations([], [alert('available-zero', 3, 3, 'a'), alert('available-zero', 3, 3, 'b')])).toEqual([`${key}: available-zero (available-zero:b) where back-in-stock was due`]);
    expect(publishedReservationViolations([], [alert('available-zero', 3, 1, 'a')])).toEqual([`${key}: available-zero with 2 available`]);
  });
});
