// OpenAPI schemas of the HTTP API, generated from the same zod contracts that validate requests,
// so the documentation cannot drift from what the service accepts.
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';
import { MAX_TRANSACTIONS_PER_BATCH, posTransactionV1Examples, posTransactionV1Schema } from '@ledgerline/contracts';

export function jsonSchema(schema: z.ZodType): SchemaObject {
  const { $schema: _draft, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest as SchemaObject;
}

export const posTransactionSchema: SchemaObject = { ...jsonSchema(posTransactionV1Schema), example: posTransactionV1Examples.sale };

export const posTransactionBatchSchema: SchemaObject = {
  type: 'object',
  required: ['transactions'],
  additionalProperties: false,
  properties: {
    transactions: { type: 'array', minItems: 1, maxItems: MAX_TRANSACTIONS_PER_BATCH, items: jsonSchema(posTransactionV1Schema) },
  },
  example: { transactions: [posTransactionV1Examples.sale, posTransactionV1Examples.void] },
};

const problemError: SchemaObject = {
  type: 'object',
  required: ['path', 'message'],
  properties: { path: { type: 'string', example: 'lines[0].quantity' }, code: { type: 'string' }, message: { type: 'string' } },
};

export const problemSchema: SchemaObject = {
  type: 'object',
  required: ['status', 'code', 'message', 'errors'],
  properties: {
    status: { type: 'integer', example: 422 },
    code: { type: 'string', example: 'INTAKE.VALIDATION_FAILED' },
    message: { type: 'string' },
    errors: { type: 'array', items: problemError },
  },
};

export const transactionAnswerSchema: SchemaObject = {
  type: 'object',
  required: ['transactionId', 'storeId', 'status', 'movementIds'],
  properties: {
    transactionId: { type: 'string' },
    storeId: { type: 'string' },
    status: { type: 'string', enum: ['accepted', 'duplicate'] },
    movementIds: {
      type: 'array',
      items: { type: 'string' },
      description: 'Ids of the movements published for it; empty for a void still waiting for its original',
    },
  },
};

export const batchAnswerSchema: SchemaObject = {
  type: 'object',
  required: ['results', 'accepted', 'duplicates', 'conflicts', 'rejected'],
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'status'],
        properties: {
          index: { type: 'integer', description: 'Position in the submitted array' },
          transactionId: { type: 'string' },
          status: { type: 'string', enum: ['accepted', 'duplicate', 'conflict', 'rejected'] },
          errors: { type: 'array', items: problemError },
        },
      },
    },
    accepted: { type: 'integer' },
    duplicates: { type: 'integer' },
    conflicts: { type: 'integer' },
    rejected: { type: 'integer' },
  },
};
