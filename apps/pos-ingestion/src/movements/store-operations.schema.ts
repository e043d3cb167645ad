// Request bodies of the movements front door beyond one movement (which is the movement contract
// itself): a batch, a count sheet and the closing of a short transfer. Validated with zod, and the
// OpenAPI document is generated from the same schemas.
import { z } from 'zod';
import { identifierSchema, locationIdSchema, skuSchema, timestampSchema, MAX_MOVEMENT_QUANTITY } from '@ledgerline/contracts';

export const MAX_MOVEMENTS_PER_REQUEST = 1000;

export const movementBatchSchema = z.strictObject({
  movements: z.array(z.unknown()).min(1).max(MAX_MOVEMENTS_PER_REQUEST).describe('Taken all or nothing: one invalid movement refuses the whole request'),
});

const operationsSource = z.enum(['erp', 'wms', 'ops']);

/** Counted quantities, one line per SKU: a count sheet's, or those of a cycle-count list. */
export const countedLinesSchema = z
  .array(z.strictObject({ sku: skuSchema, countedQuantity: z.int().min(0).max(MAX_MOVEMENT_QUANTITY) }))
  .min(1)
  .max(MAX_MOVEMENTS_PER_REQUEST)
  .superRefine((lines, ctx) => {
    const seen = new Set<string>();
    for (const [index, line] of lines.entries()) {
      if (seen.has(line.sku)) ctx.addIssue({ code: 'custom', path: [index, 'sku'], message: `is ${line.sku} again: a sheet counts each SKU once`, input: line.sku });
      seen.add(line.sku);
    }
  });

export const countSheetSchema = z.strictObject({
  countId: identifierSchema.describe('The count sheet; each line becomes the count movement `count:<countId>:<sku>`'),
  locationId: locationIdSchema,
  occurredAt: timestampSchema.describe('When the shelves were counted; movements after it are applied on top'),
  system: operationsSource.default('ops'),
  lines: countedLinesSchema,
});

export const closeShortSchema = z.strictObject({
  sku: skuSchema,
  fromLocationId: locationIdSchema,
  toLocationId: locationIdSchema,
  occurredAt: timestampSchema.describe('When the transfer was closed'),
  system: operationsSource.default('ops'),
  note: z.string().min(1).max(500).optional(),
});

export type CountSheet = z.output<typeof countSheetSchema>;
