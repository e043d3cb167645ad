// Stock level, v1: the latest balance per sku/location on a compacted topic, so an ERP can
// bootstrap current stock from Kafka alone. Consumers keep the record with the highest
// balanceVersion: compaction keeps the last write, which is not always the newest balance.
import { z } from 'zod';
import { locationIdSchema, movementIdSchema, skuSchema } from '../../primitives/identifier.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';
import { balanceFieldsV1 } from '../../stock-changed/v1/stock-changed.schema';

export const stockLevelV1Schema = z.strictObject({
  sku: skuSchema,
  locationId: locationIdSchema,
  ...balanceFieldsV1,
  lastMovementId: movementIdSchema.describe('Last movement applied to this balance'),
  updatedAt: timestampSchema,
});

export type StockLevelV1 = z.output<typeof stockLevelV1Schema>;
