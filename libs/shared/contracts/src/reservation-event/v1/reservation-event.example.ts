// Example reservation events: a web order holding two units, then a sale naming it taking them.
import type { ReservationEventKind, ReservationEventV1 } from './reservation-event.schema';

export const reservationEventV1Examples = {
  granted: {
    reservationId: 'res_6f1c2a0e-3d4b-4c8e-9a51-2b7d8e0f4c13',
    kind: 'granted',
    sku: 'COFFEE-1KG',
    locationId: 'S001',
    quantity: 2,
    reservedAfter: 2,
    onHandAfter: 40,
    availableAfter: 38,
    sequence: 311,
    recordedAt: '2025-03-01T09:12:04.118Z',
  },
  consumed: {
    reservationId: 'res_6f1c2a0e-3d4b-4c8e-9a51-2b7d8e0f4c13',
    kind: 'consumed',
    sku: 'COFFEE-1KG',
    locationId: 'S001',
    quantity: 2,
    reservedAfter: 0,
    onHandAfter: 38,
    availableAfter: 38,
    sequence: 318,
    movementId: 'pos:S001:S001-T03-000418:1',
    recordedAt: '2025-03-01T09:30:00.412Z',
  },
} satisfies Partial<Record<ReservationEventKind, ReservationEventV1>>;
