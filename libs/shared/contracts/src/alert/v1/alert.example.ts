// Example alerts: the two a store manager sees most, and an online shop's availability reaching zero.
import type { AlertType, AlertV1 } from './alert.schema';

export const alertV1Examples = {
  'low-stock': {
    alertId: 'low-stock:pos:S001:S001-T03-000418:1',
    type: 'low-stock',
    severity: 'warning',
    sku: 'COFFEE-1KG',
    locationId: 'S001',
    onHand: 4,
    threshold: 6,
    movementId: 'pos:S001:S001-T03-000418:1',
    raisedAt: '2025-03-01T09:30:00.415Z',
    message: 'COFFEE-1KG at S001 is down to 4 (threshold 6)',
  },
  'count-variance': {
    alertId: 'count-variance:ops:CNT-552:COFFEE-1KG',
    type: 'count-variance',
    severity: 'info',
    sku: 'COFFEE-1KG',
    locationId: 'S001',
    onHand: 41,
    variance: 1,
    varianceValue: '7.4500',
    movementId: 'ops:CNT-552:COFFEE-1KG',
    raisedAt: '2025-03-01T19:00:01.020Z',
    message: 'Count CNT-552 found 1 more COFFEE-1KG at S001 than the ledger expected',
  },
  'available-zero': {
    alertId: 'available-zero:reservation-event:311',
    type: 'available-zero',
    severity: 'warning',
    sku: 'COFFEE-1KG',
    locationId: 'S001',
    onHand: 2,
    reserved: 2,
    available: 0,
    movementId: 'erp:GRN-7731',
    reservationId: 'res_6f1c2a0e-3d4b-4c8e-9a51-2b7d8e0f4c13',
    raisedAt: '2025-03-01T09:12:04.118Z',
    message: 'COFFEE-1KG at S001 has nothing left to promise: 2 on hand, 2 reserved',
  },
} satisfies Partial<Record<AlertType, AlertV1>>;
