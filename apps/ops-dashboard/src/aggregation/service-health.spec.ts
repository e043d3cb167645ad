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
  const report = (overrides: Record<string, unknown>) => ({
    status: 'consistent',
    mismatchesOpen: 0,
    mismatches: [],
    currentPass: { passNumber: 8, progress: 0.25, keysChecked: 500, keysEstimate: 2000 },
    lastCompletedPass: { passNumber: 7, finishedAt: '2026-03-02T09:00:00.000Z', durationSeconds: 812.5, keysChecked: 1990 },
    auditor: { enabled: true, auditingHere: true, lastError: null },
    ...overrides,
  });
  const audit = {
    passNumber: 8,
    passProgress: 0.25,
    passPhase: 'balances',
    lastFullPass: { finishedAt: '2026-03-02T09:00:00.000Z', durationSeconds: 812.5, keysChecked: 1990 },
    mismatchesOpen: 0,
    locationMismatchesOpen: 0,
  };

  it('is ok when the audit found every balance consistent, with its progress', () => {
    expect(driftFromResponse(200, report({}))).toEqual({ status: 'ok', keys: [], audit });
  });

  it('lists the fields that disagree', () => {
    const mismatch = { sku: 'A', locationId: 'S1', field: 'inventoryValue', stored: '5.0001', fromMovements: '5.0000', firstSeenAt: '2026-03-02T09:00:00.000Z' };
    expect(driftFromResponse(200, report({ status: 'mismatch', mismatchesOpen: 1, mismatches: [mismatch], currentPass: null }))).toEqual({
      status: 'drift',
      keys: [{ sku: 'A', locationId: 'S1', field: 'inventoryValue', stored: '5.0001', fromMovements: '5.0000' }],
      locations: [],
      audit: { ...audit, passNumber: null, passProgress: null, passPhase: null, mismatchesOpen: 1 },
    });
  });

  it("lists a location's running totals that disagree with its balances, and the pass checking them", () => {
    const total = { locationId: 'S1', field: 'low', kept: '7', fromBalances: '6', firstSeenAt: '2026-03-02T09:00:00.000Z' };
    const body = report({
      status: 'mismatch',
      locationTotals: { mismatchesOpen: 1, mismatches: [total] },
      currentPass: { passNumber: 8, progress: 1, phase: 'location-totals', keysChecked: 2000, keysEstimate: 2000 },
    });
    expect(driftFromResponse(200, body)).toEqual({
      status: 'drift',
      keys: [],
      locations: [{ locationId: 'S1', field: 'low', kept: '7', fromBalances: '6' }],
      audit: { ...audit, passProgress: 1, passPhase: 'location-totals', locationMismatchesOpen: 1 },
    });
  });

  it('is unknown, with the progress, until the first full pass completed', () => {
    expect(driftFromResponse(200, report({ status: 'not-yet-audited', lastCompletedPass: null }))).toEqual({
      status: 'unknown',
      keys: [],
      detail: 'the first audit pass is under way',
      audit: { ...audit, lastFullPass: null },
    });
  });

  it('is unknown for anything else', () => {
    expect(driftFromResponse(503, report({}))).toMatchObject({ status: 'unknown', audit: null });
    expect(driftFromResponse(200, [])).toMatchObject({ status: 'unknown' });
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
