// The bodies of the reservation API. Shapes only: quantities, expiries and unknown keys are the
// domain's to judge, so every refusal names its field the same way whatever the door.
import { z } from 'zod';
import { locationIdSchema, skuSchema } from '@ledgerline/contracts';

const channelSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores');
const timeSchema = z.string().refine((value) => !Number.isNaN(Date.parse(value)), { error: 'must be an ISO-8601 time' });

export const reserveBodySchema = z.strictObject({
  channel: channelSchema.default('default').describe('Sales channel; its safety buffer at each location is kept back'),
  partial: z.boolean().default(false).describe('false (default): every line or none; true: each line granted or refused on its own'),
  expiresAt: timeSchema.optional().describe('When the hold lapses; default RESERVATION_DEFAULT_HOLD_MS from now'),
  lines: z.array(z.strictObject({ sku: skuSchema, locationId: locationIdSchema, quantity: z.number().describe('Whole units, at least 1') })),
});

export const extendBodySchema = z.strictObject({ expiresAt: timeSchema });

export const fulfilBodySchema = z.strictObject({ quantity: z.number().optional().describe('Units taken; default all it still holds') });

export const safetyBufferBodySchema = z.strictObject({
  quantity: z.int().min(0).max(1_000_000_000).describe('Units the location keeps back from the channel'),
});

export { channelSchema };
