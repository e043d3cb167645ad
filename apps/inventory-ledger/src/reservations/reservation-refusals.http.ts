// How the reservation routes answer what they refuse: a malformed input as 400
// RESERVATION.INVALID_REQUEST naming each field, a domain refusal with its status, code, field and
// reason (and the available figure when there was not enough).
import { HttpException } from '@nestjs/common';
import { z } from 'zod';
import { ReservationError, type ReservationErrorCode } from '@ledgerline/inventory-domain';

const STATUS: Record<ReservationErrorCode, number> = {
  'RESERVATION.INVALID_REQUEST': 400,
  'RESERVATION.UNKNOWN_STOCK_KEY': 404,
  'RESERVATION.UNKNOWN_REGION': 404,
  'RESERVATION.UNKNOWN': 404,
  'RESERVATION.INSUFFICIENT_AVAILABLE': 409,
  'RESERVATION.IDEMPOTENCY_CONFLICT': 409,
  'RESERVATION.EXPIRED': 409,
  'RESERVATION.RELEASED': 409,
  'RESERVATION.FULFILLED': 409,
};

export const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 visible ASCII characters');

export function parse<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({ path: [path === 'body' ? '' : path, ...issue.path.map(String)].filter(Boolean).join('.') || path, message: issue.message }));
  throw new HttpException({ code: 'RESERVATION.INVALID_REQUEST', message: errors.map((error) => `${error.path} ${error.message}`).join('; '), errors }, 400);
}

export async function refusalsAsHttp<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ReservationError)) throw error;
    const reason = error.message.slice(error.code.length + 2);
    throw new HttpException(
      {
        code: error.code,
        message: reason,
        errors: error.field === undefined ? [] : [{ path: error.field, message: reason }],
        ...(error.available === undefined ? {} : { available: error.available }),
      },
      STATUS[error.code],
    );
  }
}
