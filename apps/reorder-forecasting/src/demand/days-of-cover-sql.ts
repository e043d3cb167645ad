// Days of cover at one location: the forecast daily demand and stock position of some SKUs (one
// primary-key probe each), and the location's keys ranked by the days of cover kept on their
// positions (stock_position_by_cover: a page reads its own entries of the location's range).
import type { DataSource, EntityManager } from 'typeorm';
import { coverRankingSlices, type RankingSlice } from '../domain/cover-ranking';

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

  /** A page of the location's keys ranked by days of cover (see domain/cover-ranking.ts), with how many keys it has and how many have one. */
  async rankedPage(dataSource: DataSource, locationId: string, page: { direction: 'asc' | 'desc'; offset: number; limit: number }) {
    // One snapshot for the counts and both slices, so a page neither repeats nor skips a key.
    return dataSource.transaction('REPEATABLE READ', async (manager) => {
      const keys = await this.keysAt(manager, locationId);
      const slices = coverRankingSlices(page.offset, page.limit, keys.withCover);
      const covered = await this.rankedWithCover(manager, locationId, page.direction, slices.covered);
      return { ...keys, rows: [...covered, ...(await this.rankedWithoutCover(manager, locationId, slices.uncovered))] };
    });
  }

  /** How many keys the location has, and how many of them have a days of cover (from the index alone). */
  private async keysAt(manager: Reader, locationId: string): Promise<{ total: number; withCover: number }> {
    const [row]: Array<{ total: number; with_cover: number }> = await manager.query(
      `SELECT count(*)::int AS total, count(days_of_cover)::int AS with_cover FROM ${this.t('stock_position')} WHERE location_id = $1 AND balance_version > 0`,
      [locationId],
    );
    return { total: row?.total ?? 0, withCover: row?.with_cover ?? 0 };
  }

  /** The slice of the location's keys with a days of cover, by it in the direction given (ties by SKU the same way). */
  private async rankedWithCover(manager: Reader, locationId: string, direction: 'asc' | 'desc', slice: RankingSlice): Promise<RankedPosition[]> {
    if (slice.limit === 0) return [];
    const order = direction === 'asc' ? 'ASC' : 'DESC';
    return this.page(manager, 'days_of_cover IS NOT NULL', (alias) => `${alias}.days_of_cover ${order}, ${alias}.sku ${order}`, locationId, slice);
  }

  /** The slice of the location's keys without a days of cover, by SKU. */
  private async rankedWithoutCover(manager: Reader, locationId: string, slice: RankingSlice): Promise<RankedPosition[]> {
    if (slice.limit === 0) return [];
    return this.page(manager, 'days_of_cover IS NULL', (alias) => `${alias}.days_of_cover, ${alias}.sku`, locationId, slice);
  }

  /** The forecast is joined to the page's rows only, so the order is taken again outside. */
  private async page(manager: Reader, condition: string, order: (alias: string) => string, locationId: string, slice: RankingSlice): Promise<RankedPosition[]> {
    const rows: Array<{ sku: string; on_hand: string; forecast_daily_demand: number | null }> = await manager.query(
      `SELECT page.sku, page.on_hand::text AS on_hand, f.forecast_daily_demand
         FROM (SELECT p.sku, p.on_hand, p.days_of_cover FROM ${this.t('stock_position')} p
                WHERE p.location_id = $1 AND p.balance_version > 0 AND p.${condition} ORDER BY ${order('p')} LIMIT $2 OFFSET $3) AS page
         LEFT JOIN ${this.t('item_forecast')} f ON f.sku = page.sku AND f.location_id = $1
        ORDER BY ${order('page')}`,
      [locationId, slice.limit, slice.offset],
    );
    return rows.map((row) => ({ sku: row.sku, onHand: Number(row.on_hand), forecastDailyDemand: row.forecast_daily_demand === null ? null : Number(row.forecast_daily_demand) }));
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}
