// Count days on the wire are ISO dates (UTC); the rules and tables use whole days since 1970-01-01.
import { createHash } from 'node:crypto';
import { MAX_IDENTIFIER_LENGTH } from '@ledgerline/contracts';
import { CountingError } from './count-errors';
import { DAY_MS } from './stock-change-signal';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function dayFromIsoDate(text: string, field: string): number {
  const time = ISO_DATE.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== text) {
    throw new CountingError('COUNTS.INVALID_DAY', `${field} must be a date such as 2026-12-06, got ${JSON.stringify(text).slice(0, 40)}`, field);
  }
  return time / DAY_MS;
}

export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The list of a location and day: readable, and also the count id of its count movements, so it
 * keeps to an identifier's length (a long location id is replaced by its digest).
 */
export function countListId(locationId: string, day: number): string {
  const date = isoDateOf(day).replaceAll('-', '');
  const readable = `cc-${date}-${locationId}`;
  if (readable.length <= MAX_IDENTIFIER_LENGTH) return readable;
  return `cc-${date}-${createHash('sha256').update(locationId).digest('hex').slice(0, 32)}`;
}
