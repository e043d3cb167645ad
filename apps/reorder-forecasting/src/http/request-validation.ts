// Parses path and query parameters into checked values; a bad one is a 400 whose message names
// the parameter and the reason, with a stable code.
import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';
import { locationIdSchema, skuSchema } from '@ledgerline/contracts';
import type { ItemLocation } from '../domain/stock-change';

export const INVALID_REQUEST = 'FORECASTING.INVALID_REQUEST';

export function invalidRequest(errors: Array<{ path: string; message: string }>): BadRequestException {
  const message = errors.map((error) => `${error.path} ${error.message}`).join('; ');
  return new BadRequestException({ code: INVALID_REQUEST, message, errors });
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidRequest(result.error.issues.map((issue) => ({ path: [path, ...issue.path.map(String)].join('.'), message: issue.message })));
}

export function parseItem(sku: string, locationId: string): ItemLocation {
  return { sku: parseWith(skuSchema, sku, 'sku'), locationId: parseWith(locationIdSchema, locationId, 'locationId') };
}

export function parseOptionalInteger(value: string | undefined, path: string, range: { min: number; max: number; fallback: number }): number {
  if (value === undefined) return range.fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < range.min || number > range.max) {
    throw invalidRequest([{ path, message: `must be an integer from ${range.min} to ${range.max}` }]);
  }
  return number;
}
