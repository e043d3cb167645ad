// How the dashboard reads what services answer: readiness, the ledger's drift check and
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

export interface DriftKey {
  readonly sku: string;
  readonly locationId: string;
  readonly stored: number;
  readonly fromLedger: number;
}

export type DriftReading =
  | { readonly status: 'ok'; readonly keys: readonly [] }
  | { readonly status: 'drift'; readonly keys: readonly DriftKey[] }
  | { readonly status: 'unknown'; readonly keys: readonly []; readonly detail: string };

/** The ledger's GET /v1/drift: an empty list is healthy; each entry is a key that disagrees. */
export function driftFromResponse(httpStatus: number, body: unknown): DriftReading {
  if (httpStatus !== 200 || !Array.isArray(body)) return { status: 'unknown', keys: [], detail: `unexpected answer: HTTP ${httpStatus}` };
  const keys = body.filter(isRecord).map((entry) => ({
    sku: String(entry['sku']),
    locationId: String(entry['locationId']),
    stored: Number(entry['stored']),
    fromLedger: Number(entry['fromLedger']),
  }));
  return keys.length === 0 ? { status: 'ok', keys: [] } : { status: 'drift', keys };
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
