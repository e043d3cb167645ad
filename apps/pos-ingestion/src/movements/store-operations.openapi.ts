// OpenAPI schemas of the movements front door, generated from the zod schemas that validate the
// requests (the movement contract itself for one movement), so the document cannot drift.
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { inventoryMovementV1Examples, inventoryMovementV1Schema } from '@ledgerline/contracts';
import { STORE_OPERATION_KINDS } from '@ledgerline/pos-domain';
import { closeShortSchema, countSheetSchema, MAX_MOVEMENTS_PER_REQUEST } from './store-operations.schema';

import { jsonSchema } from '../http/openapi-schemas';

export { problemSchema as problemOpenApi } from '../http/openapi-schemas';

export const movementOpenApi: SchemaObject = {
  ...jsonSchema(inventoryMovementV1Schema),
  description: `An inventory movement (the contract of inventory.movements.v1) of kind ${STORE_OPERATION_KINDS.join(', ')}; source.system erp, wms or ops`,
  example: inventoryMovementV1Examples.receipt,
};

export const movementBatchOpenApi: SchemaObject = {
  type: 'object',
  required: ['movements'],
  additionalProperties: false,
  properties: { movements: { type: 'array', minItems: 1, maxItems: MAX_MOVEMENTS_PER_REQUEST, items: jsonSchema(inventoryMovementV1Schema) } },
  example: { movements: [inventoryMovementV1Examples['transfer-out'], inventoryMovementV1Examples['transfer-in']] },
};

export const countSheetOpenApi: SchemaObject = {
  ...jsonSchema(countSheetSchema),
  example: { countId: 'CNT-552', locationId: 'S001', occurredAt: '2025-03-01T20:00:00+01:00', lines: [{ sku: 'COFFEE-1KG', countedQuantity: 41 }, { sku: 'TEA-250G', countedQuantity: 0 }] },
};

export const closeShortOpenApi: SchemaObject = {
  ...jsonSchema(closeShortSchema),
  example: { sku: 'COFFEE-1KG', fromLocationId: 'W01', toLocationId: 'S001', occurredAt: '2025-03-02T08:00:00+01:00', system: 'wms' },
};

export const movementsAnswerOpenApi: SchemaObject = {
  type: 'object',
  required: ['movements', 'accepted', 'duplicates'],
  properties: {
    movements: {
      type: 'array',
      items: { type: 'object', required: ['movementId', 'status'], properties: { movementId: { type: 'string' }, status: { type: 'string', enum: ['accepted', 'duplicate'] } } },
    },
    accepted: { type: 'integer' },
    duplicates: { type: 'integer' },
  },
};
