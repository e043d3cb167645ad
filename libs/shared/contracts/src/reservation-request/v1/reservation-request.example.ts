// Example reservation requests: a web order holding two units, one holding five from a region's stores, and a release.
import type { ReservationRequestAction, ReservationRequestV1 } from './reservation-request.schema';

export const reservationRequestV1Examples = {
  reserve: {
    action: 'reserve',
    requestId: 'web-order-100231',
    channel: 'web',
    expiresAt: '2025-03-01T10:12:00.000Z',
    lines: [{ sku: 'COFFEE-1KG', locationId: 'S001', quantity: 2 }],
  },
  'reserve-across-locations': {
    action: 'reserve-across-locations',
    requestId: 'web-order-100240',
    sku: 'COFFEE-1KG',
    quantity: 5,
    region: 'de-east',
    channel: 'web',
  },
  release: { action: 'release', requestId: 'web-order-100231:cancel', reservationId: 'res_6f1c2a0e-3d4b-4c8e-9a51-2b7d8e0f4c13' },
} satisfies Partial<Record<ReservationRequestAction, ReservationRequestV1>>;
