// Alert, v1: conditions the ledger raises for people (dashboard, store staff, ERP). Raised, not
// acted on: a negative-stock alert never undoes the sale that caused it.
import { z } from 'zod';
import { eventIdSchema, identifierSchema, locationIdSchema, movementIdSchema, skuSchema } from '../../primitives/identifier.schema';
import { moneySchema } from '../../primitives/money.schema';
import { nonNegativeQuantitySchema, signedQuantitySchema } from '../../primitives/quantity.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';

export const alertTypes = ['low-stock', 'stockout', 'negative-stock', 'count-variance', 'unknown-sku', 'available-zero', 'back-in-stock'] as const;
export const alertSeverities = ['info', 'warning', 'critical'] as const;

export const alertV1Schema = z.strictObject({
  alertId: eventIdSchema,
  type: z
    .enum(alertTypes)
    .describe(
      'unknown-sku: a POS line for a SKU the catalog does not know yet, recorded anyway; available-zero: on hand - reserved ' +
        'reached zero or below; back-in-stock: it rose above zero again. Each availability crossing is raised once.',
    ),
  severity: z.enum(alertSeverities),
  sku: skuSchema,
  locationId: locationIdSchema,
  onHand: signedQuantitySchema.describe('On hand after the movement that raised the alert'),
  threshold: nonNegativeQuantitySchema.optional().describe('Low-stock threshold that was crossed'),
  variance: signedQuantitySchema.optional().describe('Counted minus expected, for count-variance'),
  varianceValue: moneySchema.optional().describe('Variance at average cost, for count-variance'),
  reserved: nonNegativeQuantitySchema.optional().describe('Reserved after the change, for available-zero and back-in-stock'),
  available: signedQuantitySchema.optional().describe('On hand - reserved after the change, for available-zero and back-in-stock'),
  movementId: movementIdSchema.describe(
    "Movement that raised the alert; for an availability alert a reservation raised, the key's last movement (reservationId names the reservation)",
  ),
  reservationId: identifierSchema.optional().describe('Reservation whose change raised an availability alert'),
  raisedAt: timestampSchema,
  message: z.string().min(1).max(1000).describe('Human-readable summary for the dashboard'),
});

export type AlertType = (typeof alertTypes)[number];
export type AlertSeverity = (typeof alertSeverities)[number];
export type AlertV1 = z.output<typeof alertV1Schema>;
