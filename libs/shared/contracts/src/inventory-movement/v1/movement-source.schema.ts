// Where a movement came from. For POS movements the store, transaction and line identify the
// original till line, which is how "every accepted POS line is in the ledger exactly once" is
// checked; other systems name their own document (delivery note, transfer order, count sheet).
import { z } from 'zod';
import { identifierSchema, storeIdSchema, terminalIdSchema, transactionIdSchema } from '../../primitives/identifier.schema';
import { positiveIntegerSchema } from '../../primitives/quantity.schema';

export const sourceSystems = ['pos', 'erp', 'wms', 'ledger', 'ops'] as const;

export const movementSourceV1Schema = z
  .strictObject({
    system: z.enum(sourceSystems).describe('pos: tills via pos-ingestion; ledger: movements the ledger derives itself; ops: store operations'),
    storeId: storeIdSchema.optional(),
    terminalId: terminalIdSchema.optional(),
    transactionId: transactionIdSchema.optional(),
    lineNumber: positiveIntegerSchema.optional(),
    documentId: identifierSchema.optional().describe('Document in the source system: delivery note, transfer order, count sheet'),
  })
  .superRefine((source, ctx) => {
    if (source.system !== 'pos') return;
    for (const field of ['storeId', 'transactionId', 'lineNumber'] as const) {
      if (source[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: "is required when system is 'pos'", input: undefined });
      }
    }
  });

export type SourceSystem = (typeof sourceSystems)[number];
export type MovementSourceV1 = z.output<typeof movementSourceV1Schema>;
