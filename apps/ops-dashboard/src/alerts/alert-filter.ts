// The alerts list's filter and page position, checked from the query before the log is read: a
// type among the alert types, a location code, a time range (from inclusive, to exclusive) and the
// cursor of the previous page. Each problem is a 400 naming the field (LookupInputError).
import { alertTypes, type AlertType } from '@ledgerline/contracts';
import { LookupInputError, checkRange, choice, location, optionalTime } from '../lookup/lookup-input';

export interface AlertFilter {
  readonly type?: AlertType;
  readonly locationId?: string;
  readonly from?: Date;
  readonly to?: Date;
}

/** Where a page ends: the last row shown, in the list's order (newest first). */
export interface AlertCursor {
  readonly raisedAt: string;
  readonly alertId: string;
}

const MAX_CURSOR_LENGTH = 2_000;

export function alertFilter(query: Record<string, unknown>): AlertFilter {
  const type = query['type'] === undefined || query['type'] === '' ? undefined : choice(query['type'], 'type', alertTypes, alertTypes[0]);
  const locationId = query['location'] === undefined || query['location'] === '' ? undefined : location(query['location']);
  const from = optionalTime(query['from'], 'from');
  const to = optionalTime(query['to'], 'to');
  checkRange(from, to);
  return { type, locationId, from, to };
}

export function alertCursor(raw: unknown): AlertCursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > MAX_CURSOR_LENGTH) throw badCursor();
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && !Number.isNaN(Date.parse(parsed[0]))) {
      return { raisedAt: parsed[0], alertId: parsed[1] };
    }
  } catch {
    // refused below
  }
  throw badCursor();
}

export function encodeAlertCursor(cursor: AlertCursor): string {
  return Buffer.from(JSON.stringify([cursor.raisedAt, cursor.alertId]), 'utf8').toString('base64url');
}

function badCursor(): LookupInputError {
  return new LookupInputError('after', 'is not a position in this list: use the next value of the previous page');
}
