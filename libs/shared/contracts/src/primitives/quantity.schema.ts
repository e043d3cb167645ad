// Quantities are integers in the item's unit of measure (grams, not kilograms). Every quantity is a
// safe integer, so a number beyond 2^53 that JSON.parse silently rounded is rejected, not stored.
import { z } from 'zod';

/**
 * Largest quantity on one movement. Generous because bulk goods are counted in grams: a 40 t
 * receipt is 40_000_000. Small enough that millions of movements still sum to a safe integer.
 */
export const MAX_MOVEMENT_QUANTITY = 1_000_000_000;

/** Largest quantity on one POS line: 10 kg sold by the gram, or 10,000 pieces. */
export const MAX_POS_LINE_QUANTITY = 10_000;

/** A balance or a delta: any safe integer, negative allowed (a sale is never refused). */
export const signedQuantitySchema = z.int().describe('Signed integer quantity in the unit of measure');

export const nonNegativeQuantitySchema = z.int().min(0).describe('Integer quantity, zero or more');

/** Quantities that may never be zero or negative, bounded at `max`. */
export function positiveQuantity(max: number) {
  return z.int().min(1).max(max);
}

export const positiveQuantitySchema = positiveQuantity(MAX_MOVEMENT_QUANTITY).describe(
  `Positive integer quantity, at most ${MAX_MOVEMENT_QUANTITY}`,
);

/** Positive integer such as a line number, a pack size or a version counter. */
export const positiveIntegerSchema = z.int().min(1);
