// The operator's input to the dashboard's actions, checked before anything is sent: a name, a note
// or a reason, each non-empty printable text of bounded length. A refusal is a 422 naming the field.
import { HttpException, HttpStatus } from '@nestjs/common';

const hasControlCharacter = (text: string): boolean => [...text].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);

/** The field's text, trimmed; refused when missing or not fit. */
export function requiredText(body: unknown, field: string, max: number): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string' || value.trim() === '') return refuse(field, `${field} is required: a non-empty text`);
  const text = value.trim();
  if (text.length > max) return refuse(field, `${field} is longer than ${max} characters`);
  if (hasControlCharacter(text)) return refuse(field, `${field} holds control characters`);
  return text;
}

/** Like requiredText, but a field left out is undefined. */
export function optionalText(body: unknown, field: string, max: number): string | undefined {
  const present = typeof body === 'object' && body !== null && (body as Record<string, unknown>)[field] !== undefined;
  return present ? requiredText(body, field, max) : undefined;
}

function refuse(field: string, message: string): never {
  throw new HttpException({ code: 'DASHBOARD.INVALID_REQUEST', message, errors: [{ path: field, message }] }, HttpStatus.UNPROCESSABLE_ENTITY);
}
