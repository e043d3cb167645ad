// The body of a reservation across locations. Shapes only: the quantity, an empty list of
// locations and a SKU without stock are the domain's to judge, with the same codes and fields
// whatever the door.
import { z } from 'zod';
import { acrossLocationsFields, identifierSchema, locationIdSchema } from '@ledgerline/contracts';
import { ALLOCATION_RULES } from '@ledgerline/inventory-domain';
import { channelSchema, reserveBodySchema } from './reservation-body.schema';

/** A region as the catalog names it (catalog.locations.v1 `region`). */
export const regionSchema = identifierSchema;

export const reserveAcrossLocationsBodySchema = z.strictObject({
  ...acrossLocationsFields,
  rule: z.enum(ALLOCATION_RULES).default('most-available').describe('most-available: the locations with the most to promise first; priority: the order of locations'),
  channel: reserveBodySchema.shape.channel,
  partial: z.boolean().default(false).describe('false (default): the whole quantity or nothing; true: what the locations have, up to the quantity'),
  expiresAt: reserveBodySchema.shape.expiresAt,
});

/** `locations=S1,S2`: the query's list of locations, each a location id. */
export const locationListSchema = z
  .string()
  .transform((value) => (value === '' ? [] : value.split(',')))
  .pipe(z.array(locationIdSchema));

export { channelSchema };
