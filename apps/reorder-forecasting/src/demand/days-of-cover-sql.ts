// Days of cover at one location: the forecast daily demand and stock position of some SKUs (one
// primary-key probe each), and the location's keys ranked by the days of cover kept on their
// positions (stock_position_by_cover: a page reads its own entries of the location's range).
import type { EntityManager } from 'typeorm';

export interface CoverFigures {
  sku: string;
  forecastDailyDemand: number;
  onHand: number | null;
}

export interface RankedPosition {
  sku: string;
  onHand: number;
  /** Null without a fit. */
  forecastDailyDemand: number | null;
}

type Reader = Pick<EntityManager, 'query'>;

export class DaysOfCoverSql {
  constructor(private readonly schema: string) {}

  async figures(manager: Reader, locationId: string, skus: readonly string[]): Promise<CoverFigures[]> {
    const rows: Array<{ sku: string; forecast_daily_demand: number; on_hand: string | null }> = await manager.query(
      `SELECT f.sku, f.forecast_daily_demand, p.on_hand::text AS on_hand
         FROM unnest($2::text[]) AS k(sku)
         JOIN ${this.t('item_forecast')} f ON f.sku = k.sku AND f.location_id = $1
         LEFT JOIN ${this.t('stock_position')} p ON p.sku = k.sku AND p.location_id = $1`,
      [locationId, skus],
    );
    return rows.map((row) => ({ sku: row.sku, forecastDailyDemand: Number(row.forecast_daily_demand), onHand: row.on_hand === null ? null : Number(row.on_hand) }));
  }

  /**
   * A page of the location's keys ranked by days of cover, with how many keys it has and how many
   * have one. The keys with one come first, by it in the direction asked (ties by SKU the same
   * way), then the keys without one (no fit, or no demand forecast) by SKU whichever the direction,
   * so "runs out soonest" and "lasts longest" both end with the unknown. A page may straddle the two
   * groups: each is read from its own ordered range of stock_position_by_cover (index only), the
   * second offset past the first. One statement, so one snapshot: a page neither repeats nor skips
   * a key, and the answer costs one round trip.
   */
  async rankedPage(manager: Reader, locationId: string, page: { direction: 'asc' | 'desc'; offset: number; limit: number }): Promise<{ total: number; withCover: number; rows: RankedPosition[] }> {
    const order = page.direction === 'asc' ? 'ASC' : 'DESC';
    const rows: Array<{ total: number; with_cover: number; sku: string | null; on_hand: string | null; forecast_daily_demand: number | null }> = await manager.query(
      `WITH keys AS (
         SELECT count(*)::int AS total, count(days_of_cover)::int AS with_cover FROM ${this.t('stock_position')} WHERE location_id = $1 AND balance_version > 0),
       covered AS (
         SELECT 0 AS part, sku, on_hand, days_of_cover FROM ${this.t('stock_position')}
          WHERE location_id = $1 AND balance_version > 0 AND days_of_cover IS NOT NULL
          ORDER BY days_of_cover ${order}, sku ${order} LIMIT $2 OFFSET $3),
       uncovered AS (
         SELECT 1 AS part, sku, on_hand, days_of_cover FROM ${this.t('stock_position')}
          WHERE location_id = $1 AND balance_version > 0 AND days_of_cover IS NULL
          ORDER BY days_of_cover, sku
          LIMIT GREATEST(0, $2 - (SELECT count(*) FROM covered)) OFFSET GREATEST(0, $3 - (SELECT with_cover FROM keys))),
       ranked AS (SELECT * FROM covered UNION ALL SELECT * FROM uncovered)
       SELECT k.total, k.with_cover, r.sku, r.on_hand::text AS on_hand, f.forecast_daily_demand
         FROM keys k
         LEFT JOIN ranked r ON true
         LEFT JOIN ${this.t('item_forecast')} f ON f.sku = r.sku AND f.location_id = $1
        ORDER BY r.part, r.days_of_cover ${order}, CASE WHEN r.part = 0 THEN r.sku END ${order}, r.sku`,
      [locationId, page.limit, page.offset],
    );
    const [first] = rows;
    return {
      total: first?.total ?? 0,
      withCover: first?.with_cover ?? 0,
      rows: rows
        .filter((row): row is typeof row & { sku: string; on_hand: string } => row.sku !== null)
        .map((row) => ({ sku: row.sku, onHand: Number(row.on_hand), forecastDailyDemand: row.forecast_daily_demand === null ? null : Number(row.forecast_daily_demand) })),
    };
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}
