// The early arrivals a batch's shipments correct, read only when a batch holds a new shipment for
// a key whose in transit it read below zero (no other batch pays for it). In transit below zero is
// units put on the shelf before their shipment was known; a shipment that fills it splits its
// true-up between the shelf and cost of goods sold by how many of those units are still on the
// shelf, first in first out (docs/valuation.md, "Late and backdated movements"). Read up to the
// balance version the batch read, so the arrivals and the balance are one state of the key: a
// balance changed meanwhile fails the write's version check and the batch is planned again.
//
// Work: the key's version index is walked down from the version read, a page at a time, until
// the arrivals hold every unit in transit is short: the movements of the key recorded since the
// oldest arrival not yet matched by a shipment, never the key's older history.
import type { EntityManager } from 'typeorm';
import type { EarlyArrival } from '@ledgerline/inventory-domain';

/** A key whose balance the batch read with in transit below zero, and that a new shipment of the batch fills. */
export interface EarlyArrivalQuestion {
  sku: string;
  locationId: string;
  /** The key's balance version the batch read. */
  readVersion: number;
  /** In transit at that version: below zero. */
  inTransit: number;
}

interface KeyMovementRow {
  balance_version: string;
  kind: string;
  quantity_delta: string;
  in_transit_delta: string;
}

/** The first page is small (the arrival is usually a few movements back); each next one four times larger. */
const FIRST_PAGE_ROWS = 16;
const LARGEST_PAGE_ROWS = 1024;

export class EarlyArrivalSql {
  constructor(private readonly schema: string) {}

  /** The arrivals in each key's hole as of the version read, oldest first, by `sku@locationId`. */
  async earlyArrivals(manager: Pick<EntityManager, 'query'>, asked: readonly EarlyArrivalQuestion[]): Promise<Map<string, EarlyArrival[]>> {
    const found = new Map<string, EarlyArrival[]>();
    for (const question of asked) found.set(`${question.sku}@${question.locationId}`, await this.arrivalsOf(manager, question));
    return found;
  }

  private async arrivalsOf(manager: Pick<EntityManager, 'query'>, question: EarlyArrivalQuestion): Promise<EarlyArrival[]> {
    const newestFirst: EarlyArrival[] = [];
    let short = -question.inTransit;
    let inTransitAfter = question.inTransit;
    let arrivedAfter = 0;
    let below = question.readVersion + 1;
    let pageRows = FIRST_PAGE_ROWS;
    while (short > 0) {
      const rows: KeyMovementRow[] = await manager.query(
        `SELECT balance_version, kind, quantity_delta, in_transit_delta FROM "${this.schema}".movement
          WHERE sku = $1 AND location_id = $2 AND balance_version < $3 ORDER BY balance_version DESC LIMIT $4`,
        [question.sku, question.locationId, below, pageRows],
      );
      pageRows = Math.min(pageRows * 4, LARGEST_PAGE_ROWS);
      if (rows.length === 0) {
        throw new Error(`${question.sku}@${question.locationId}: in transit is ${question.inTransit} but its movements hold the arrivals of only ${-question.inTransit - short} of those units`);
      }
      for (const row of rows) {
        const inTransitBefore = inTransitAfter - Number(row.in_transit_delta);
        if (row.kind === 'transfer-in') {
          // The units beyond what was in transit went below zero; those still unmatched are its newest.
          const quantity = -Number(row.in_transit_delta);
          const unmatched = Math.min(short, quantity - Math.min(quantity, Math.max(0, inTransitBefore)));
          if (unmatched > 0) newestFirst.push({ units: unmatched, arrivedSince: arrivedAfter });
          short -= unmatched;
          if (short === 0) break;
        }
        if (Number(row.quantity_delta) > 0) arrivedAfter += Number(row.quantity_delta);
        inTransitAfter = inTransitBefore;
        below = Number(row.balance_version);
      }
    }
    return newestFirst.reverse();
  }
}
