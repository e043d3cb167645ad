// Free text that people type (notes, attribute values, names). Unicode is welcome; control
// characters are not: they corrupt logs and CSV exports and hide content from whoever reads it.
import { z } from 'zod';

/** C0 and C1 control characters, DEL included. */
export function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** Text of `min..max` characters without control characters. */
export function plainText(min: number, max: number) {
  const bounded = min > 0 ? z.string().min(min).max(max) : z.string().max(max);
  return bounded.refine((value) => !hasControlCharacter(value), {
    error: 'must not contain control characters',
  });
}
