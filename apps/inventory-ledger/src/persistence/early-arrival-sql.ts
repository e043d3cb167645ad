// The early arrivals a batch's shipments correct, and how a batch write keeps them. In transit
// below zero is units put on the shelf before their shipment was known; a shipment that fills it
// splits its true-up between the shelf and cost of goods sold by how many of those units are
// still on the shelf, first in first out (docs/valuation.md, "Late and backdated movements").
//
// Each key's arrivals not yet matched are rows of early_arrival (migration 1769600000000), written
// by the statement that writes the key's balance. They are read only when a batch holds a new
// shipment for a key whose in transit it read below zero, by the table's primary key: the work is
// the key's open arrivals, never its movements, however long ago the oldest arrived.
import type { EntityManager } from 'typeorm';
import type { EarlyArrival } from '@ledgerline/inventory-domain';
import { BalanceWriteConflict } from './ledger-sql';

/** A key whose balance the batch read with in transit below zero, and that a new shipment of the batch fills. */
export interface EarlyArrivalQuestion {
  sku: string;
  locationId: string;
  /** The key's balance version the batch read. */
  readVersion: number;
  /** In transit at that version: below zero. */
  inTransit: number;
}

interface ArrivalRow {
  sku: string;
  location_id: string;
  arrival_version: string | null;
  units: string | null;
  arrived_since: string | null;
  balance_version: string | null;
}

export class EarlyArrivalSql {
  constructor(private readonly schema: string) {}

  /**
   * The arrivals in each key's hole, oldest first, by `sku@locationId`, read with the key's
   * balance version in one statement. A version other than the one the batch read means another
   * batch wrote the key since: a BalanceWriteConflict, so the batch is planned again with its
   * balances locked. Arrivals that do not hold exactly the units in transit is short stop the batch.
   */
  async earlyArrivals(manager: Pick<EntityManager, 'query'>, asked: readonly EarlyArrivalQuestion[]): Promise<Map<string, EarlyArrival[]>> {
    const rows: ArrivalRow[] = await manager.query(
      `SELECT k.sku, k.location_id, a.arrival_version::text, a.units::text, a.arrived_since::text,
              (SELECT b.version::text FROM "${this.schema}".stock_balance b WHERE b.sku = k.sku AND b.location_id = k.location_id) AS balance_version
         FROM unnest($1::text[], $2::text[]) AS k(sku, location_id)
         LEFT JOIN "${this.schema}".early_arrival a ON a.sku = k.sku AND a.location_id = k.location_id
        ORDER BY k.sku, k.location_id, a.arrival_version`,
      [asked.map((question) => question.sku), asked.map((question) => question.locationId)],
    );
    const found = new Map<string, EarlyArrival[]>();
    const versions = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.sku}@${row.location_id}`;
      versions.set(key, Number(row.balance_version));
      const arrivals = found.get(key) ?? [];
      found.set(key, arrivals);
      if (row.arrival_version !== null) arrivals.push({ units: Number(row.units), arrivedSince: Number(row.arrived_since), version: Number(row.arrival_version) });
    }
    const changed = asked.filter((question) => versions.get(`${question.sku}@${question.locationId}`) !== question.readVersion);
    if (changed.length > 0) throw new BalanceWriteConflict(changed.length);
    for (const question of asked) {
      const held = (found.get(`${question.sku}@${question.locationId}`) ?? []).reduce((units, arrival) => units + arrival.units, 0);
      if (held !== -question.inTransit) {
        throw new Error(`${question.sku}@${question.locationId}: in transit is ${question.inTransit} but its open early arrivals hold ${held} units`);
      }
    }
    return found;
  }
}
