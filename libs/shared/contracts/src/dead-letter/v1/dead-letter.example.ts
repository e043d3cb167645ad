// Example dead letters: a raw POS record whose quantity was not an integer, and the same kind of
// failure on the ledger's intake, and a stock change reorder-forecasting refused.
import type { DeadLetterV1 } from './dead-letter.schema';

export const deadLetterV1Example = {
  originalTopic: 'pos.transactions.raw.v1',
  originalPartition: 3,
  originalOffset: '88121',
  originalKey: 'S001',
  originalValue:
    '{"transactionId":"S001-T03-000420","storeId":"S001","terminalId":"T03","occurredAt":"2025-03-01T10:40:00+01:00","type":"sale","currency":"EUR","lines":[{"lineNumber":1,"sku":"COFFEE-1KG","quantity":1.5,"unitPrice":"12.99"}]}',
  originalValueEncoding: 'utf8',
  originalHeaders: { 'content-type': 'application/json' },
  reasonCode: 'INTAKE.VALIDATION_FAILED',
  reason: 'The POS transaction does not match pos-transaction v1',
  errors: [{ path: 'lines[0].quantity', message: 'lines[0].quantity must be an integer, not a fraction' }],
  failedAt: '2025-03-01T09:40:00.031Z',
  attempts: 1,
  service: 'pos-ingestion',
} satisfies DeadLetterV1;

export const deadLetterV1Examples = {
  posIntake: deadLetterV1Example,
  ledger: {
    ...deadLetterV1Example,
    originalTopic: 'inventory.movements.v1',
    originalKey: 'COFFEE-1KG@S001',
    reasonCode: 'LEDGER.VALIDATION_FAILED',
    reason: 'The record on inventory.movements.v1 does not match inventory.movement v1',
    errors: [{ path: 'payload.quantity', message: 'payload.quantity must be at least 1' }],
    service: 'inventory-ledger',
  },
  forecasting: {
    ...deadLetterV1Example,
    originalTopic: 'inventory.stock-changed.v1',
    originalKey: 'COFFEE-1KG@S001',
    reasonCode: 'FORECASTING.OCCURRED_AFTER_APPLIED',
    reason: 'The stock change happened after the ledger applied it: its business time is wrong at the source',
    errors: [{ path: 'payload.occurredAt', message: 'payload.occurredAt is 2 days after payload.appliedAt' }],
    service: 'reorder-forecasting',
  },
} satisfies Record<string, DeadLetterV1>;
