// How the dashboard reads what services answer: readiness, the ledger's drift audit and
// pos-ingestion's recent rejections. A service that does not answer is 'down'; one never asked
// yet is 'unknown'; nothing here throws on an unexpected body.
import type { DeadLetterV1 } from '@ledgerline/contracts';

export type ServiceStatus = 'up' | 'degraded' | 'down' | 'unknown';

export interface HealthReading {
  readonly status: ServiceStatus;
  readonly detail?: string;
}

/** /health/ready: 200 is up; 503 names the checks that fail; anything else is degraded. */
export function healthFromResponse(httpStatus: number, body: unknown): HealthReading {
  if (httpStatus === 200) return { status: 'up' };
  const checks = isRecord(body) && isRecord(body['checks']) ? body['checks'] : {};
  const failing = Object.entries(checks)
    .filter(([, check]) => isRecord(check) && check['ready'] === false)
    .map(([name, check]) => (isRecord(check) && typeof check['detail'] === 'string' ? `${name}: ${check['detail']}` : name));
  return { status: 'degraded', detail: failing.length > 0 ? failing.join('; ') : `HTTP ${httpStatus}` };
}

export function healthFromError(error: unknown): HealthReading {
  return { status: 'down', detail: describeError(error) };
}

/** A balance field the ledger's drift audit found disagreeing with the sum of its movements. */
export interface DriftKey {
  readonly sku: string;
  readonly locationId: string;
  readonly field: string;
  readonly stored: string;
  readonly fromMovements: string;
}

/** A location's running total (what its valuation, summary and page counts are read from) that disagrees with its balances. */
export interface DriftLocationTotal {
  readonly locationId: string;
  readonly field: string;
  readonly kept: string;
  readonly fromBalances: string;
}

/** How far the ledger's continuous drift audit has got. */
export interface DriftAudit {
  /** The pass under way, null between passes. */
  readonly passNumber: number | null;
  /** Share of the balances the pass under way has checked (0..1), null when unknown or between passes. */
  readonly passProgress: number | null;
  /** What the pass under way checks: the balances, then each location's running totals; null between passes. */
  readonly passPhase: 'balances' | 'location-totals' | null;
  readonly lastFullPass: { readonly finishedAt: string; readonly durationSeconds: number; readonly keysChecked: number } | null;
  readonly mismatchesOpen: number;
  readonly locationMismatchesOpen: number;
}

export type DriftReading =
  | { readonly status: 'ok'; readonly keys: readonly []; readonly audit: DriftAudit }
  | { readonly status: 'drift'; readonly keys: readonly DriftKey[]; readonly locations: readonly DriftLocationTotal[]; readonly audit: DriftAudit }
  | { readonly status: 'unknown'; readonly keys: readonly []; readonly detail: string; readonly audit: DriftAudit | null };

/**
 * The ledger's GET /v1/drift, which answers from its audit's state: consistent is ok, open
 * mismatches are drift, and before the first full pass the answer is unknown (with the progress).
 */
export function driftFromResponse(httpStatus: number, body: unknown): DriftReading {
  if (httpStatus !== 200 || !isRecord(body) || typeof body['status'] !== 'string' || !Array.isArray(body['mismatches'])) {
    return { status: 'unknown', keys: [], detail: `unexpected answer: HTTP ${httpStatus}`, audit: null };
  }
  const audit = driftAudit(body);
  if (body['status'] === 'not-yet-audited') return { status: 'unknown', keys: [], detail: 'the first audit pass is under way', audit };
  const keys = body['mismatches'].filter(isRecord).map((entry) => ({
    sku: String(entry['sku']),
    locationId: String(entry['locationId']),
    field: String(entry['field']),
    stored: String(entry['stored']),
    fromMovements: String(entry['fromMovements']),
  }));
  const locationTotals = isRecord(body['locationTotals']) && Array.isArray(body['locationTotals']['mismatches']) ? body['locationTotals']['mismatches'] : [];
  const locations = locationTotals.filter(isRecord).map((entry) => ({
    locationId: String(entry['locationId']),
    field: String(entry['field']),
    kept: String(entry['kept']),
    fromBalances: String(entry['fromBalances']),
  }));
  return body['status'] === 'consistent' && keys.length === 0 && locations.length === 0 ? { status: 'ok', keys: [], audit } : { status: 'drift', keys, locations, audit };
}

function driftAudit(body: Record<string, unknown>): DriftAudit {
  const current = isRecord(body['currentPass']) ? body['currentPass'] : undefined;
  const last = isRecord(body['lastCompletedPass']) ? body['lastCompletedPass'] : undefined;
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return {
    passNumber: number(current?.['passNumber']),
    passProgress: number(current?.['progress']),
    passPhase: current === undefined ? null : current['phase'] === 'location-totals' ? 'location-totals' : 'balances',
    lastFullPass:
      last && typeof last['finishedAt'] === 'string'
        ? { finishedAt: last['finishedAt'], durationSeconds: number(last['durationSeconds']) ?? 0, keysChecked: number(last['keysChecked']) ?? 0 }
        : null,
    mismatchesOpen: number(body['mismatchesOpen']) ?? 0,
    locationMismatchesOpen: isRecord(body['locationTotals']) ? (number(body['locationTotals']['mismatchesOpen']) ?? 0) : 0,
  };
}

/** One rejected event, from pos-ingestion's HTTP intake or from a dead-letter topic. */
export interface RejectionRow {
  readonly id: string;
  readonly source: string;
  readonly time: string;
  readonly storeId: string | null;
  readonly transactionId: string | null;
  readonly code: string;
  readonly path: string | null;
  readonly reason: string;
}

/** An entry of pos-ingestion's GET /v1/admin/rejections (channel, storeId, transactionId, code, path, reason, time). */
export function rejectionFromIngestion(entry: unknown, index: number): RejectionRow | undefined {
  if (!isRecord(entry)) return undefined;
  const text = (key: string) => (typeof entry[key] === 'string' ? (entry[key] as string) : null);
  const time = text('time') ?? new Date(0).toISOString();
  const transactionId = text('transactionId');
  return {
    id: `ingestion:${text('id') ?? `${time}:${transactionId ?? ''}:${text('code') ?? ''}:${index}`}`,
    source: `pos-ingestion ${text('channel') ?? 'http'}`,
    time,
    storeId: text('storeId'),
    transactionId,
    code: text('code') ?? 'UNKNOWN',
    path: text('path'),
    reason: text('reason') ?? text('message') ?? '',
  };
}

export function rejectionFromDeadLetter(eventId: string, deadLetter: DeadLetterV1): RejectionRow {
  const transaction = parseJsonObject(deadLetter.originalValue);
  const payload = transaction && isRecord(transaction['payload']) ? transaction['payload'] : transaction;
  const field = (key: string) => (payload && typeof payload[key] === 'string' ? (payload[key] as string) : null);
  return {
    id: `dead-letter:${eventId}`,
    source: `dead letter of ${deadLetter.originalTopic} (${deadLetter.service})`,
    time: deadLetter.failedAt,
    storeId: field('storeId'),
    transactionId: field('transactionId') ?? field('movementId'),
    code: deadLetter.reasonCode,
    path: deadLetter.errors[0]?.path ?? null,
    reason: deadLetter.errors[0]?.message ?? deadLetter.reason,
  };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeError(error: unknown): string {
  // fetch's timeout is a DOMException, which is not always an Error instance.
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError') return 'no answer in time';
  // Checked by shape, not instanceof: errors from fetch may come from another realm.
  const message = messageOf(error);
  const cause = typeof error === 'object' && error !== null ? messageOf((error as { cause?: unknown }).cause) : undefined;
  return cause ?? message ?? String(error);
}

function messageOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : undefined;
}
