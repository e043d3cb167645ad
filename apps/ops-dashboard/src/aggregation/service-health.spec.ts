import { deadLetterV1Example } from '@ledgerline/contracts';
import { driftFromResponse, healthFromError, healthFromResponse, rejectionFromDeadLetter, rejectionFromIngestion } from './service-health';

describe('healthFromResponse', () => {
  it('reads 200 as up and names the failing checks of a 503', () => {
    expect(healthFromResponse(200, { status: 'ready' })).toEqual({ status: 'up' });
    expect(healthFromResponse(503, { status: 'not-ready', checks: { postgres: { ready: true }, 'kafka-consumer': { ready: false, detail: 'crashed' } } })).toEqual({
      status: 'degraded',
      detail: 'kafka-consumer: crashed',
    });
    expect(healthFromResponse(500, 'oops')).toEqual({ status: 'degraded', detail: 'HTTP 500' });
  });

  it('reads a refused connection or a timeout as down, saying which', () => {
    const refused = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:3001') });
    expect(healthFromError(refused)).toEqual({ status: 'down', detail: 'connect ECONNREFUSED 127.0.0.1:3001' });
    expect(healthFromError(new DOMException('The operation timed out', 'TimeoutError'))).toEqual({ status: 'down', detail: 'no answer in time' });
  });
});

describe('driftFromResponse', () => {
  it('is ok for an empty list and lists the keys that disagree', () => {
    expect(driftFromResponse(200, [])).toEqual({ status: 'ok', keys: [] });
    expect(driftFromResponse(200, [{ sku: 'A', locationId: 'S1', stored: 5, fromLedger: 4 }])).toEqual({ status: 'drift', keys: [{ sku: 'A', locationId: 'S1', stored: 5, fromLedger: 4 }] });
  });

  it('is unknown for anything else', () => {
    expect(driftFromResponse(503, [])).toMatchObject({ status: 'unknown' });
    expect(driftFromResponse(200, { oops: true })).toMatchObject({ status: 'unknown' });
  });
});

describe('rejections', () => {
  it('reads an entry of pos-ingestion\'s rejection list', () => {
    const row = rejectionFromIngestion({ channel: 'http', storeId: 'S001', transactionId: 'T-1', code: 'INTAKE.VALIDATION_FAILED', path: 'lines[0].quantity', reason: 'lines[0].quantity must be at least 1', time: '2026-03-02T10:00:00Z' }, 0);
    expect(row).toMatchObject({ source: 'pos-ingestion http', storeId: 'S001', transactionId: 'T-1', code: 'INTAKE.VALIDATION_FAILED', path: 'lines[0].quantity', reason: 'lines[0].quantity must be at least 1' });
    expect(rejectionFromIngestion('nonsense', 1)).toBeUndefined();
  });

  it('reads a dead letter, finding the transaction in the original value', () => {
    const row = rejectionFromDeadLetter('e-1', deadLetterV1Example);
    expect(row).toMatchObject({ id: 'dead-letter:e-1', code: deadLetterV1Example.reasonCode, time: deadLetterV1Example.failedAt, source: `dead letter of ${deadLetterV1Example.originalTopic} (${deadLetterV1Example.service})` });
    expect(row.reason.length).toBeGreaterThan(0);
    const withTransaction = rejectionFromDeadLetter('e-2', { ...deadLetterV1Example, originalValue: JSON.stringify({ storeId: 'S9', transactionId: 'T-9' }) });
    expect(withTransaction).toMatchObject({ storeId: 'S9', transactionId: 'T-9' });
  });
});
