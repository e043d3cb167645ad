import { TOPICS, createEnvelope, stockChangedV1Example, type AlertV1, type StockChangedV1 } from '@ledgerline/contracts';
import { movementAvailabilityAlertViolations } from './published-availability-alerts';

const sku = 'COFFEE-1KG';
const locationId = 'S001';
const key = `${sku}@${locationId}`;
const at = stockChangedV1Example.appliedAt;

function changed(version: number, onHand: number, reserved = 0) {
  const payload: StockChangedV1 = { ...stockChangedV1Example, sku, locationId, movementId: `m-${version}`, balanceVersion: version, onHand, reserved, available: onHand - reserved };
  return createEnvelope(TOPICS.stockChanged, payload, { producer: 'inventory-ledger', occurredAt: at, eventId: `stock-changed:${version}` });
}
function alert(type: 'available-zero' | 'back-in-stock', movementId: string, onHand: number, reserved = 0, reservationId?: string) {
  const cause = reservationId === undefined ? movementId : `reservation-event:${reservationId}`;
  const payload: AlertV1 = {
    alertId: `${type}:${cause}`, type, severity: 'warning', sku, locationId, onHand, reserved, available: onHand - reserved, movementId, raisedAt: at, message: 'm',
    ...(reservationId === undefined ? {} : { reservationId }),
  };
  return createEnvelope(TOPICS.alerts, payload, { producer: 'inventory-ledger', occurredAt: at, eventId: `alert:${payload.alertId}` });
}

describe('movementAvailabilityAlertViolations', () => {
  // 3, 0, 4, 2, -1, 5: emptied at m-2 and m-5, restored at m-3 and m-6, whatever batches they came in.
  const walk = [3, 0, 4, 2, -1, 5].map((onHand, index) => changed(index + 1, onHand));
  const raised = [alert('available-zero', 'm-2', 0), alert('back-in-stock', 'm-3', 4), alert('available-zero', 'm-5', -1), alert('back-in-stock', 'm-6', 5)];

  it('accepts one alert per crossing, each at its movement, a re-send dropped as consumers do', () => {
    expect(movementAvailabilityAlertViolations([...walk, walk[1]!], [...raised, raised[0]!])).toEqual([]);
  });

  it('names a crossing raised at no movement (a batch compared whole) and one raised twice', () => {
    expect(movementAvailabilityAlertViolations(walk, [raised[2]!, raised[3]!])).toEqual([
      `${key}: its movements walked one by one raise [available-zero:m-2, back-in-stock:m-3, available-zero:m-5, back-in-stock:m-6], the alerts published are [available-zero:m-5, back-in-stock:m-6]`,
    ]);
    const twice = alert('available-zero', 'm-2', 0);
    const again = { ...twice, eventId: 'alert:other', payload: { ...twice.payload, alertId: 'available-zero:m-2 again' } };
    expect(movementAvailabilityAlertViolations(walk, [...raised, again])).toHaveLength(2);
  });

  it("names an alert whose figures are not its movement's, or whose movement has no event", () => {
    expect(movementAvailabilityAlertViolations(walk, [alert('available-zero', 'm-2', 1), raised[1]!, raised[2]!, raised[3]!])).toEqual([
      `${key}: alert available-zero:m-2 says 1 on hand and 0 reserved, its movement left 0 and 0`,
    ]);
    expect(movementAvailabilityAlertViolations(walk, [...raised, alert('available-zero', 'm-9', 0)])).toContain(
      `${key}: alert available-zero:m-9 names movement m-9, which has no stock-changed event`,
    );
  });

  it('checks a key that held reservations alert by alert only, with reserved from its movements', () => {
    const reservedWalk = [changed(1, 5), changed(2, 3, 3), changed(3, 4, 3)];
    const alerts = [alert('available-zero', 'm-1', 5, 5, 'r-1'), alert('back-in-stock', 'm-3', 4, 3)];
    expect(movementAvailabilityAlertViolations(reservedWalk, alerts)).toEqual([]);
    expect(movementAvailabilityAlertViolations(reservedWalk, [alerts[0]!, alert('back-in-stock', 'm-3', 4, 0)])).toEqual([
      `${key}: alert back-in-stock:m-3 says 4 on hand and 0 reserved, its movement left 4 and 3`,
    ]);
  });
});
