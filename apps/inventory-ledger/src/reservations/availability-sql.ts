// What each location holding a SKU can promise a channel. Read through the balance's primary key
// (sku, location_id), so a question costs the SKU's locations (or the ones it names), never a scan.
import type { EntityManager } from 'typeorm';
import { availableToPromise } from '@ledgerline/inventory-domain';
import { ReservationSql } from './reservation-sql';

type Query = Pick<EntityManager, 'query'>;

/** Most locations one question answers: more than any SKU is stocked at today. */
export const MAX_AVAILABILITY_LOCATIONS = 1000;

export interface LocationAvailabilityRow {
  locationId: string;
  onHand: number;
  reserved: number;
  safetyBuffer: number;
  /** on hand - reserved - the channel's buffer; negative when the location is short. */
  available: number;
}

export class AvailabilitySql {
  private readonly reservationSql: ReservationSql;

  constructor(private readonly schema: string) {
    this.reservationSql = new ReservationSql(schema);
  }

  /** The active locations of a region, by location id (at most MAX_AVAILABILITY_LOCATIONS); none for a region the catalog does not name. */
  async regionLocations(manager: Query, region: string): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT location_id FROM "${this.schema}".location_setting WHERE region = $1 AND active ORDER BY location_id LIMIT $2`,
      [region, MAX_AVAILABILITY_LOCATIONS],
    )) as Array<{ location_id: string }>;
    return rows.map((row) => row.location_id);
  }

  /** The SKU's balances at the locations asked (all of them when none is named), by location id. */
  async atLocations(manager: Query, sku: string, channel: string, locations: readonly string[] | undefined): Promise<LocationAvailabilityRow[]> {
    const rows = (await manager.query(
      `SELECT b.location_id, b.on_hand::text AS on_hand, b.reserved::text AS reserved, ${this.reservationSql.bufferOf('$2')}::text AS safety_buffer
         FROM "${this.schema}".stock_balance b
        WHERE b.sku = $1 AND ($3::text[] IS NULL OR b.location_id = ANY($3::text[]))
        ORDER BY b.location_id LIMIT $4`,
      [sku, channel, locations ?? null, MAX_AVAILABILITY_LOCATIONS],
    )) as Array<{ location_id: string; on_hand: string; reserved: string; safety_buffer: string }>;
    return rows.map((row) => {
      const facts = { onHand: Number(row.on_hand), reserved: Number(row.reserved), safetyBuffer: Number(row.safety_buffer) };
      return { locationId: row.location_id, ...facts, available: availableToPromise(facts) };
    });
  }
}
