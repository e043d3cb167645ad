// Catalog location, v1: stores, warehouses and online channels from the ERP, on a compacted topic
// keyed by locationId. The timezone lets daily demand be bucketed by the store's calendar day;
// the region groups locations for available to promise and reservations across a region.
import { z } from 'zod';
import { identifierSchema, locationIdSchema } from '../../primitives/identifier.schema';
import { plainText } from '../../primitives/text.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';

export const locationKinds = ['store', 'warehouse', 'online'] as const;

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isKnownTimeZone, { error: 'must be an IANA time zone such as "Europe/Berlin"' });

export const catalogLocationV1Schema = z.strictObject({
  locationId: locationIdSchema,
  name: plainText(1, 200),
  kind: z.enum(locationKinds),
  timezone: timeZoneSchema.optional(),
  region: identifierSchema.optional().describe('The region the location sells to (for example `north` or `uk-online`): availability and reservations across locations may name it'),
  active: z.boolean(),
  updatedAt: timestampSchema,
});

export type LocationKind = (typeof locationKinds)[number];
export type CatalogLocationV1 = z.output<typeof catalogLocationV1Schema>;
