// Stock level, v1: the latest balance per sku/location on a compacted topic, so an ERP can
// bootstrap current stock from Kafka alone. Published after each batch of movements of the key
// and after each change of its reserved quantity (a grant, release, fulfilment or expiry).
// Compaction keeps the last write, which is not always the newest state: consumers keep the
// record that isNewerStockLevel (stock-level-order.ts) says is the newest.
import { z } from 'zod';
import { locationIdSchema, movementIdSchema, skuSchema } from '../../primitives/identifier.schema';
import { positiveIntegerSchema } from '../../primitives/quantity.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';
import { balanceFieldsV1 } from '../../stock-changed/v1/stock-changed.schema';

export const stockLevelV1Schema = z.strictObject({
  sku: skuSchema,
  locationId: locationIdSchema,
  ...balanceFieldsV1,
  reservationSequence: positiveIntegerSchema
    .optional()
    .describe(
      'Set when a reservation change published the record: the ledger number of that change (sequence on inventory.reservations.v1). ' +
        'Of two records with the same balanceVersion, one with reservationSequence is newer than one without, and the higher is newer',
    ),
  lastMovementId: movementIdSchema.describe('Last movement applied to this balance'),
  updatedAt: timestampSchema,
});

export type StockLevelV1 = z.output<typeof stockLevelV1Schema>;
