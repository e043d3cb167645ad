// The daily demand a forecast was fitted on, for one item at one location: the last N days up to
// its last recorded day, read from the daily_demand primary key, so the work is the days asked.
import type { EntityManager } from 'typeorm';
import { addDays, type Day } from '../domain/business-day';
import type { ItemLocation } from '../domain/stock-change';

export interface DemandDay {
  day: Day;
  /** Units sold less units returned, as the forecast counts demand. */
  demand: number;
  sold: number;
  returned: number;
  closingOnHand: number | null;
  /** False for a day without any movement: nothing sold, stock unchanged. */
  recorded: boolean;
}

interface DemandRow {
  day: string;
  demand_units: string;
  sold_units: string;
  returned_units: string;
  closing_on_hand: string;
}

export class DemandHistorySql {
  constructor(private readonly schema: string) {}

  /** The last `days` calendar days ending at the item's last recorded day, every day present; empty when none is recorded. */
  async lastDays(manager: Pick<EntityManager, 'query'>, item: ItemLocation, days: number): Promise<DemandDay[]> {
    const rows: DemandRow[] = await manager.query(
      `SELECT day::text AS day, demand_units::text, sold_units::text, returned_units::text, closing_on_hand::text
         FROM "${this.schema}".daily_demand
        WHERE sku = $1 AND location_id = $2
          AND day > (SELECT max(day) FROM "${this.schema}".daily_demand WHERE sku = $1 AND location_id = $2) - $3::int
        ORDER BY day`,
      [item.sku, item.locationId, days],
    );
    const last = rows[rows.length - 1];
    if (!last) return [];
    const byDay = new Map(rows.map((row) => [row.day, row]));
    let closing: number | null = null;
    return Array.from({ length: days }, (_, index) => addDays(last.day, index - days + 1)).map((day) => {
      const row = byDay.get(day);
      if (row) closing = Number(row.closing_on_hand);
      // A day without movements closes where the day before it did.
      return row
        ? { day, demand: Number(row.demand_units), sold: Number(row.sold_units), returned: Number(row.returned_units), closingOnHand: closing, recorded: true }
        : { day, demand: 0, sold: 0, returned: 0, closingOnHand: closing, recorded: false };
    });
  }
}
