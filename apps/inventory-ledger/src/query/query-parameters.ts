// Parses the query API's parameters; a bad one is a 400 with a stable code whose message names the
// parameter and the reason.
import { BadRequestException } from '@nestjs/common';

export function invalidQuery(field: string, reason: string): BadRequestException {
  return new BadRequestException({ code: 'LEDGER.INVALID_QUERY', message: `${field} ${reason}`, errors: [{ path: field, message: reason }] });
}

export function parseTime(value: string, field: string): Date {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw invalidQuery(field, 'must be an ISO-8601 time');
  return new Date(time);
}

export function parseLimit(value: string | undefined, max = 1000, fallback = 100): number {
  if (value === undefined) return fallback;
  const limit = parsePositive(value, 'limit');
  if (limit > max) throw invalidQuery('limit', `must be at most ${max}`);
  return limit;
}

export function parsePositive(value: string, field: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) throw invalidQuery(field, 'must be a positive integer');
  return number;
}

export function parseOffset(value: string | undefined, max: number): number {
  if (value === undefined) return 0;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0 || number > max) throw invalidQuery('offset', `must be an integer from 0 to ${max}`);
  return number;
}

export function parseChoice<T extends string>(value: string | undefined, field: string, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw invalidQuery(field, `must be one of ${choices.join(', ')}`);
  return value as T;
}
