// OpenAPI schemas of the cycle-counting routes; the request bodies come from their zod schemas.
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { jsonSchema } from '../http/openapi-schemas';
import { countSubmissionSchema } from './counting.schema';

export const countSubmissionOpenApi: SchemaObject = {
  ...jsonSchema(countSubmissionSchema),
  example: { lines: [{ sku: 'COFFEE-1KG', countedQuantity: 41 }, { sku: 'TEA-250G', countedQuantity: 0 }] },
};

const STATUS_ENUM = ['open', 'recount', 'awaiting-approval', 'posting', 'posted', 'rejected'];

export const countListOpenApi: SchemaObject = {
  type: 'object',
  required: ['listId', 'locationId', 'day', 'items'],
  properties: {
    listId: { type: 'string', example: 'cc-20261206-S001' },
    locationId: { type: 'string' },
    day: { type: 'string', format: 'date' },
    items: {
      type: 'array',
      description: 'Riskiest first. No book figure: what a counter sees',
      items: { type: 'object', required: ['sku', 'status'], properties: { sku: { type: 'string' }, status: { type: 'string', enum: STATUS_ENUM } } },
    },
  },
};

export const countAnswerOpenApi: SchemaObject = {
  type: 'object',
  required: ['listId', 'lines'],
  properties: {
    listId: { type: 'string' },
    lines: {
      type: 'array',
      items: { type: 'object', required: ['sku', 'status'], properties: { sku: { type: 'string' }, status: { type: 'string', enum: ['posted', 'recount-requested', 'awaiting-approval', 'rejected'] } } },
    },
  },
};

const reviewItem: SchemaObject = {
  type: 'object',
  properties: {
    sku: { type: 'string' },
    abcClass: { type: 'string', enum: ['A', 'B', 'C'] },
    risk: { type: 'integer' },
    reasons: { type: 'array', items: { type: 'string' } },
    dueForCycle: { type: 'boolean' },
    status: { type: 'string', enum: STATUS_ENUM },
    firstCount: { type: 'integer', nullable: true },
    recount: { type: 'integer', nullable: true },
    bookQuantity: { type: 'integer', nullable: true, description: 'On hand in the book when last counted' },
    unitValue: { type: 'string', nullable: true },
    countedAt: { type: 'string', format: 'date-time', nullable: true },
    withinTolerance: { type: 'boolean', nullable: true },
    movementId: { type: 'string', nullable: true },
    countedBy: { type: 'string', nullable: true, description: 'Key id of the credential that posted the first count (a store key or a service credential)' },
    recountedBy: { type: 'string', nullable: true, description: 'Key id of the credential that posted the recount' },
    reviewedBy: { type: 'string', nullable: true },
  },
};

export const countReviewOpenApi: SchemaObject = {
  type: 'object',
  properties: { listId: { type: 'string' }, locationId: { type: 'string' }, day: { type: 'string', format: 'date' }, items: { type: 'array', items: reviewItem } },
};

export const reviewedItemOpenApi: SchemaObject = reviewItem;

export const recordAccuracyOpenApi: SchemaObject = {
  type: 'object',
  properties: {
    locationId: { type: 'string' },
    days: {
      type: 'array',
      items: {
        type: 'object',
        properties: { day: { type: 'string', format: 'date' }, counted: { type: 'integer' }, accurate: { type: 'integer' }, accuracyPercent: { type: 'string', example: '97.50' } },
      },
    },
    total: { type: 'object', properties: { counted: { type: 'integer' }, accurate: { type: 'integer' }, accuracyPercent: { type: 'string' } } },
  },
};

const counterOpenApi: SchemaObject = {
  type: 'object',
  nullable: true,
  required: ['keyId', 'label'],
  properties: { keyId: { type: 'string' }, label: { type: 'string', nullable: true, description: 'The label the store key or service credential was issued with' } },
};

export const countListViewOpenApi: SchemaObject = {
  type: 'object',
  required: ['listId', 'locationId', 'day', 'statuses', 'items'],
  properties: {
    listId: { type: 'string', example: 'cc-20261206-S001' },
    locationId: { type: 'string' },
    day: { type: 'string', format: 'date' },
    statuses: { type: 'object', description: 'How many items are in each status', properties: Object.fromEntries(STATUS_ENUM.map((status) => [status, { type: 'integer' }])) },
    items: {
      type: 'array',
      description: 'Riskiest first. No book quantity, counted quantity, unit value or tolerance: the list is what counters count from, blind',
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string' },
          position: { type: 'integer' },
          abcClass: { type: 'string', enum: ['A', 'B', 'C'] },
          risk: { type: 'integer' },
          reasons: { type: 'array', items: { type: 'string', enum: ['negative-on-hand', 'sold-while-book-empty', 'recent-variances', 'shrinkage-adjustments', 'count-age', 'class'] } },
          dueForCycle: { type: 'boolean', description: "Listed because its class's count cycle came round" },
          status: { type: 'string', enum: STATUS_ENUM },
          countedAt: { type: 'string', format: 'date-time', nullable: true },
          countedBy: { ...counterOpenApi, description: 'Who posted the first count' },
          recountedBy: { ...counterOpenApi, description: 'Who posted the recount' },
          reviewedBy: { ...counterOpenApi, description: 'Who approved, rejected or sent it back for a recount' },
        },
      },
    },
  },
};
