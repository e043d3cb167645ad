// What an operator may ask of the dead letters, checked the same way for the admin endpoints and
// the command: statuses, reason codes, page sizes, who acts and why.
import { z } from 'zod';
import { reasonCodeSchema, validateContract } from '@ledgerline/contracts';
import { DEAD_LETTER_STATUSES } from './dead-letter-tables';

const actor = z.string().trim().min(1, 'must name who acts').max(200);
const note = z.string().trim().min(1).max(2_000);

export const deadLetterListSchema = z.strictObject({
  status: z.enum(DEAD_LETTER_STATUSES).default('open'),
  reasonCode: reasonCodeSchema.optional(),
  after: z.string().regex(/^\d{1,19}$/, { error: 'must be the next value of the previous page' }).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(50),
});

export const deadLetterReasonsSchema = z.strictObject({ status: z.enum(DEAD_LETTER_STATUSES).default('open') });

export const replayOneSchema = z.strictObject({
  by: actor,
  note: note.optional(),
  value: z.string().min(1).max(1_000_000).optional().describe('A corrected value sent instead of the original; recorded with the replay'),
  force: z.boolean().optional().describe('Send a letter that was replayed already once more'),
});

export const replayReasonSchema = z.strictObject({ reasonCode: reasonCodeSchema, by: actor, note: note.optional() });

export const discardSchema = z.strictObject({ by: actor, reason: note.describe('Why it is discarded: recorded with it') });

export type DeadLetterListQuery = z.output<typeof deadLetterListSchema>;

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string; errors: Array<{ path: string; message: string }> };

export function checkRequest<S extends z.ZodType>(schema: S, input: unknown): Checked<z.output<S>> {
  const result = validateContract(schema, input);
  if (result.ok) return { ok: true, value: result.value };
  const errors = result.errors.map(({ path, message }) => ({ path, message }));
  return { ok: false, message: errors[0]?.message ?? 'invalid request', errors };
}
