// Example reservation replies: the web order's two units granted, and a request refused for want of stock.
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
  insufficient: {
    requestId: 'web-order-100232',
    action: 'reserve',
    outcome: 'refused',
    refusal: { code: 'RESERVATION.INSUFFICIENT_AVAILABLE', message: 'only 1 of COFFEE-1KG at S001 can be promised to web', field: 'lines[0].quantity', available: 1 },
    answeredAt: '2025-03-01T09:12:05.004Z',
  },
} satisfies Record<string, ReservationReplyV1>;
