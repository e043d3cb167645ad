// Example reservation replies: the web order's two units granted, five taken from two stores, and a request refused for want of stock.
import type { ReservationReplyV1 } from './reservation-reply.schema';

export const reservationReplyV1Examples = {
  granted: {
    requestId: 'web-order-100231',
    action: 'reserve',
    outcome: 'done',
    lines: [
      {
        line: 0,
        sku: 'COFFEE-1KG',
        locationId: 'S001',
        quantity: 2,
        status: 'granted',
        reservation: {
          reservationId: 'res_6f1c2a0e-3d4b-4c8e-9a51-2b7d8e0f4c13',
          sku: 'COFFEE-1KG',
          locationId: 'S001',
          channel: 'web',
          quantity: 2,
          fulfilledQuantity: 0,
          openQuantity: 2,
          status: 'open',
          expiresAt: '2025-03-01T10:12:00.000Z',
        },
      },
    ],
    answeredAt: '2025-03-01T09:12:04.131Z',
  },
  acrossLocations: {
    requestId: 'web-order-100240',
    action: 'reserve-across-locations',
    outcome: 'done',
    allocation: {
      sku: 'COFFEE-1KG',
      quantity: 5,
      granted: 5,
      rule: 'most-available',
      reservations: [
        {
          reservationId: 'res_0b8f7a52-6c1d-4e39-8f20-7d4c1a9e3b65',
          sku: 'COFFEE-1KG',
          locationId: 'S004',
          channel: 'web',
          quantity: 3,
          fulfilledQuantity: 0,
          openQuantity: 3,
          status: 'open',
          expiresAt: '2025-03-01T10:20:00.000Z',
        },
        {
          reservationId: 'res_9c2e4d17-1a6b-4f08-b3c5-2e8d7f6a1c94',
          sku: 'COFFEE-1KG',
          locationId: 'S007',
          channel: 'web',
          quantity: 2,
          fulfilledQuantity: 0,
          openQuantity: 2,
          status: 'open',
          expiresAt: '2025-03-01T10:20:00.000Z',
        },
      ],
    },
    answeredAt: '2025-03-01T09:20:01.517Z',
  },
  insufficient: {
    requestId: 'web-order-100232',
    action: 'reserve',
    outcome: 'refused',
    refusal: { code: 'RESERVATION.INSUFFICIENT_AVAILABLE', message: 'only 1 of COFFEE-1KG at S001 can be promised to web', field: 'lines[0].quantity', available: 1 },
    answeredAt: '2025-03-01T09:12:05.004Z',
  },
} satisfies Record<string, ReservationReplyV1>;
