// Checks what a person typed or put in a URL before any service is asked: a search text, a SKU or
// location, a page number, a sort. Each problem becomes a 400 whose message names the field and
// the reason, shown on the page as it is.
import { BadRequestException } from '@nestjs/common';
import { MAX_IDENTIFIER_LENGTH, hasControlCharacter, locationIdSchema, skuSchema } from '@ledgerline/contracts';

export class LookupInputError extends BadRequestException {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super({ code: 'DASHBOARD.INVALID_INPUT', message: `${field} ${reason}`, errors: [{ path: field, message: reason }] });
  }
}

/** The text to search for, trimmed; SKU and location codes are never longer than MAX_IDENTIFIER_LENGTH. */
export function searchText(raw: unknown): string {
  if (typeof raw !== 'string') throw new LookupInputError('q', 'is required: type part of a SKU or location code');
  if (hasControlCharacter(raw)) throw new LookupInputError('q', 'must not contain control characters');
  const text = raw.trim();
  if (text.length === 0) throw new LookupInputError('q', 'is empty: type part of a SKU or location code');
  if (text.length > MAX_IDENTIFIER_LENGTH) throw new LookupInputError('q', `must be at most ${MAX_IDENTIFIER_LENGTH} characters: no SKU or location code is longer`);
  if (!/[A-Za-z0-9]/.test(text)) throw new LookupInputError('q', 'must hold a letter or digit');
  return text;
}

export function stockKey(sku: unknown, locationId: unknown): { sku: string; locationId: string } {
  return { sku: identifier(skuSchema, sku, 'sku'), locationId: identifier(locationIdSchema, locationId, 'location') };
}

export function location(locationId: unknown): string {
  return identifier(locationIdSchema, locationId, 'location');
}

export function pageNumber(raw: unknown, max: number): number {
  if (raw === undefined || raw === '') return 1;
  const page = Number(raw);
  if (!Number.isSafeInteger(page) || page < 1 || page > max) throw new LookupInputError('page', `must be a whole number from 1 to ${max}`);
  return page;
}

export function choice<T extends string>(raw: unknown, field: string, choices: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) throw new LookupInputError(field, `must be one of ${choices.join(', ')}`);
  return raw as T;
}

/** A day (UTC) as an ISO date, such as 2026-12-07; `today` when not given. */
export function isoDate(raw: unknown, field: string, today: Date): string {
  if (raw === undefined || raw === '') return today.toISOString().slice(0, 10);
  const text = typeof raw === 'string' ? raw : '';
  const time = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== text) throw new LookupInputError(field, 'must be a date such as 2026-12-07');
  return text;
}

/** A positive balance version to page movements before, or undefined for the newest. */
export function beforeVersion(raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const version = Number(raw);
  if (!Number.isSafeInteger(version) || version < 1) throw new LookupInputError('before', 'must be a positive whole number (a balance version)');
  return version;
}

function identifier(schema: typeof skuSchema, raw: unknown, field: string): string {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new LookupInputError(field, result.error.issues[0]?.message ?? 'is not a valid code');
}

/** Longer than any ISO-8601 time: longer text is refused before it is parsed. */
const MAX_TIME_LENGTH = 40;

/** A time from the query (ISO-8601), or undefined when not given. */
export function optionalTime(raw: unknown, field: string): Date | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > MAX_TIME_LENGTH || Number.isNaN(Date.parse(raw))) {
    throw new LookupInputError(field, 'must be a date and time such as 2026-03-02T10:00:00Z');
  }
  return new Date(raw);
}

/** Refuses a range whose end is not after its start. */
export function checkRange(from: Date | undefined, to: Date | undefined): void {
  if (from !== undefined && to !== undefined && from.getTime() >= to.getTime()) throw new LookupInputError('to', 'must be later than from: the time range is empty');
}
