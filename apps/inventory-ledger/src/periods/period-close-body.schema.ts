// The body of a close. Shapes only: whether the day may be closed is the domain's rule
// (closeRefusalOf), judged against the closed-through day under the period lock.
import { z } from 'zod';

const daySchema = z
  .string()
  // Date.parse rolls some impossible days over (2026-02-30); the round trip refuses them.
  .refine((day) => /^\d{4}-\d{2}-\d{2}$/.test(day) && new Date(Date.parse(`${day}T00:00:00.000Z`) || 0).toISOString().slice(0, 10) === day, {
    error: 'must be a day that exists, YYYY-MM-DD',
  });

export const closeBodySchema = z.strictObject({
  through: daySchema.describe('The last day closed, UTC, YYYY-MM-DD: a day that has ended, after the day the books are closed through'),
  reason: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters').describe('Why the books are closed (a month-end close, an audit)'),
});

export type CloseBody = z.infer<typeof closeBodySchema>;
