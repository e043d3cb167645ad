// The forecast daily demand and stock position of some SKUs at one location, for their days of
// cover: one primary-key probe per SKU asked.
import type { EntityManager } from 'typeorm';

export interface CoverFigures {
  sku: string;
  forecastDailyDemand: number;
  onHand: number | null;
}

export class DaysOfCoverSql {
  constructor(private readonly schema: string) {}

  async figures(manager: Pick<EntityManager, 'query'>, locationId: string, skus: readonly string[]): Promise<CoverFigures[]> {
    const rows: Array<{ sku: string; forecast_daily_demand: number; on_hand: string | null }> = await manager.query(
      `SELECT f.sku, f.forecast_daily_demand, p.on_hand::text AS on_hand
         FROM unnest($2::text[]) AS k(sku)
         JOIN "${this.schema}".item_forecast f ON f.sku = k.sku AND f.location_id = $1
         LEFT JOIN "${this.schema}".stock_position p ON p.sku = k.sku AND p.location_id = $1`,
      [locationId, skus],
    );
    return rows.map((row) => ({ sku: row.sku, forecastDailyDemand: Number(row.forecast_daily_demand), onHand: row.on_hand === null ? null : Number(row.on_hand) }));
  }
}
