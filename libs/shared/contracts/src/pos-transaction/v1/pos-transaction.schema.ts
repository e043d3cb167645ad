// POS transaction, v1: the body of the pos-ingestion HTTP API and the value POS systems publish to
// pos.transactions.raw.v1 (without an envelope: they are outside the platform). A discriminated
// union on `type`, so a void cannot carry lines and a sale cannot name a transaction to void.
import { z } from 'zod';
import { skuSchema, storeIdSchema, terminalIdSchema, transactionIdSchema } from '../../primitives/identifier.schema';
import { currencySchema, nonNegativeMoneySchema } from '../../primitives/money.schema';
import { MAX_POS_LINE_QUANTITY, positiveIntegerSchema, positiveQuantity } from '../../primitives/quantity.schema';
import { plainText } from '../../primitives/text.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';

export const MAX_LINES_PER_TRANSACTION = 500;
export const MAX_TRANSACTION_ATTRIBUTES = 32;
export const MAX_ATTRIBUTE_KEY_LENGTH = 64;
export const MAX_ATTRIBUTE_VALUE_LENGTH = 256;

export const posTransactionTypes = ['sale', 'return', 'void'] as const;

export const posTransactionLineV1Schema = z.strictObject({
  lineNumber: positiveIntegerSchema.describe('Unique within the transaction; with transactionId it identifies the line for idempotency'),
  sku: skuSchema,
  quantity: positiveQuantity(MAX_POS_LINE_QUANTITY).describe('Units sold or returned, in the unit of measure'),
  unitPrice: nonNegativeMoneySchema.describe('Selling price per unit, in the transaction currency'),
});

/** Customer-facing pass-through fields (loyalty number, receipt note): stored, never interpreted. */
export const posTransactionAttributesSchema = z
  .record(plainText(1, MAX_ATTRIBUTE_KEY_LENGTH), plainText(0, MAX_ATTRIBUTE_VALUE_LENGTH))
  .refine((attributes) => Object.keys(attributes).length <= MAX_TRANSACTION_ATTRIBUTES, {
    error: `must have at most ${MAX_TRANSACTION_ATTRIBUTES} entries`,
  })
  .meta({ maxProperties: MAX_TRANSACTION_ATTRIBUTES });

/**
 * Reads the lines defensively and runs even when a line has other errors (see `when` below), so
 * duplicates are reported in the same answer as most other line errors: a POS developer should
 * not need one round trip per mistake. zod still skips it after a non-integer number.
 */
function reportDuplicateLineNumbers(lines: unknown[], ctx: z.core.$RefinementCtx<unknown[]>): void {
  const firstIndexByNumber = new Map<number, number>();
  lines.forEach((line, index) => {
    if (typeof line !== 'object' || line === null || !('lineNumber' in line)) return;
    const { lineNumber } = line;
    if (typeof lineNumber !== 'number') return;
    const first = firstIndexByNumber.get(lineNumber);
    if (first === undefined) {
      firstIndexByNumber.set(lineNumber, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: [index, 'lineNumber'],
      message: `must be unique within the transaction: ${lineNumber} is also used by lines[${first}]`,
      input: lineNumber,
    });
  });
}

const saleOrReturnLines = z
  .array(posTransactionLineV1Schema)
  .min(1)
  .max(MAX_LINES_PER_TRANSACTION)
  .superRefine(reportDuplicateLineNumbers, { when: (payload) => Array.isArray(payload.value) });

const commonFields = {
  transactionId: transactionIdSchema,
  storeId: storeIdSchema,
  terminalId: terminalIdSchema,
  occurredAt: timestampSchema.describe("Time of the transaction by the till's clock"),
  currency: currencySchema,
  attributes: posTransactionAttributesSchema.optional(),
};

const onlyForVoids = z.never({ error: "is allowed only when type is 'void'" }).optional();

export const posSaleV1Schema = z.strictObject({
  ...commonFields,
  type: z.literal('sale'),
  lines: saleOrReturnLines,
  voidsTransactionId: onlyForVoids,
});

export const posReturnV1Schema = z.strictObject({
  ...commonFields,
  type: z.literal('return'),
  lines: saleOrReturnLines,
  voidsTransactionId: onlyForVoids,
});

/** Cancels an earlier sale or return as a whole; the lines come from the voided transaction. */
export const posVoidV1Schema = z
  .strictObject({
    ...commonFields,
    type: z.literal('void'),
    voidsTransactionId: transactionIdSchema.describe('transactionId of the sale or return being voided, same store'),
    lines: z.array(posTransactionLineV1Schema).max(0, { error: "must be empty when type is 'void'" }).optional(),
  })
  .refine((transaction) => transaction.voidsTransactionId !== transaction.transactionId, {
    path: ['voidsTransactionId'],
    error: 'must differ from transactionId: a transaction cannot void itself',
  });

export const posTransactionV1Schema = z.discriminatedUnion('type', [posSaleV1Schema, posReturnV1Schema, posVoidV1Schema]);

export type PosTransactionLineV1 = z.output<typeof posTransactionLineV1Schema>;
export type PosTransactionV1 = z.output<typeof posTransactionV1Schema>;
export type PosTransactionType = PosTransactionV1['type'];
export type PosSaleV1 = z.output<typeof posSaleV1Schema>;
export type PosReturnV1 = z.output<typeof posReturnV1Schema>;
export type PosVoidV1 = z.output<typeof posVoidV1Schema>;
