// Days of cover kept on the positions of a real PostgreSQL: set by the intake's position write and
// by a fit's forecast write (the service's own statements), and a location's keys ranked by it a
// page at a time, the keys without one last in either direction, another location left out.
import type { DataSource } from 'typeorm';
import { openServiceDatabase, readCommittedTransaction } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { defaultPolicyOf, forecastingConfigSchema } from '../config/forecasting.config';
import { daysOfCover } from '../domain/days-of-cover';
import type { StockPosition } from '../domain/stock-position';
import { DemandSql } from '../persistence/demand-sql';
import { ForecastSql, type StoredForecast } from '../persistence/forecast-sql';
import { forecastingDatabaseOptions } from '../reorder-forecasting.module';
import { DaysOfCoverSql } from './days-of-cover-sql';

jest.setTimeout(60_000);

describe('days of cover kept and ranked (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let demand: DemandSql;
  let forecasts: ForecastSql;
  let cover: DaysOfCoverSql;
  let schema: string;
  let version = 0;
  const config = () => forecastingConfigSchema.parse({ ...database.serviceEnv('reorder_forecasting'), DATABASE_POOL_SIZE: '2' });

  /** Writes positions as the intake does: lock (creating the rows), then write at a newer version. */
  const writePositions = (positions: ReadonlyArray<Omit<StockPosition, 'balanceVersion' | 'onOrder' | 'inTransit'>>) =>
    readCommittedTransaction(dataSource, async (manager) => {
      await demand.lockPositions(manager, positions);
      version += 1;
      await demand.writePositions(manager, positions.map((position) => ({ ...position, onOrder: 0, inTransit: 0, balanceVersion: version })));
    });

  /** Saves a fit as the fitter does, under the position's lock; only the daily demand matters here. */
  const saveForecast = (sku: string, locationId: string, forecastDailyDemand: number) =>
    readCommittedTransaction(dataSource, async (manager) => {
      await demand.lockPositions(manager, [{ sku, locationId }]);
      const policy = defaultPolicyOf(config());
      const stored: StoredForecast = {
        sku,
        locationId,
        fittedAt: new Date().toISOString(),
        historyFrom: '2026-11-01',
        historyTo: '2026-11-30',
        historyDays: 30,
        censoredDays: 0,
        historyDemand: Math.round(forecastDailyDemand * 30),
        method: 'moving-average',
        demandClass: 'smooth',
        forecast: { selectionReason: 'test', firstDay: '2026-12-01', pointForecast: [forecastDailyDemand], distribution: 'normal', quantiles: [] },
        accuracy: null,
        leadTime: { meanDays: 7, stdDevDays: 2, observations: 0, observedMeanDays: null, source: 'configured' },
        policy,
        replenishment: {
          forecastDailyDemand,
          demandStdDevPerDay: 1,
          safetyStock: 5,
          reorderPoint: 20,
          orderQuantity: 24,
          orderUpToLevel: null,
          economicOrderQuantity: 24,
          orderQuantityRule: 'economic',
          serviceFactor: 1.64,
          reorderPolicy: { reorderPoint: 20, orderQuantity: { kind: 'fixed-quantity', quantity: 24 }, packSize: 1 },
        },
      };
      await forecasts.saveForecast(manager, stored);
    });

  const storedCover = async (sku: string, locationId: string): Promise<number | null> => {
    const [row]: Array<{ days_of_cover: number | null }> = await dataSource.query(`SELECT days_of_cover FROM "${schema}".stock_position WHERE sku = $1 AND location_id = $2`, [sku, locationId]);
    return row!.days_of_cover;
  };
  const ranked = async (direction: 'asc' | 'desc', offset: number, limit: number) => cover.rankedPage(dataSource.manager, 'S1', { direction, offset, limit });

  beforeAll(async () => {
    database = await createTestDatabase('forecasting-days-of-cover');
    schema = config().DATABASE_SCHEMA;
    dataSource = await openServiceDatabase(forecastingDatabaseOptions(config()));
    demand = new DemandSql(schema);
    forecasts = new ForecastSql(schema);
    cover = new DaysOfCoverSql(schema);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it("keeps a position's days of cover as its on hand and its forecast change, by the domain rule", async () => {
    await writePositions([{ sku: 'TEA', locationId: 'S1', onHand: 10 }]);
    expect(await storedCover('TEA', 'S1')).toBeNull();
    await saveForecast('TEA', 'S1', 3);
    expect(await storedCover('TEA', 'S1')).toBeCloseTo(10 / 3, 12);
    expect(daysOfCover(10, 3)).toBe(3.3);
    await writePositions([{ sku: 'TEA', locationId: 'S1', onHand: 30 }]);
    expect(await storedCover('TEA', 'S1')).toBe(10);
    await saveForecast('TEA', 'S1', 6);
    expect(await storedCover('TEA', 'S1')).toBe(5);
    await writePositions([{ sku: 'TEA', locationId: 'S1', onHand: -2 }]);
    expect(await storedCover('TEA', 'S1')).toBe(0);
    // A fit that expects no demand: the stock lasts for ever, so no figure.
    await writePositions([{ sku: 'TEA', locationId: 'S1', onHand: 30 }]);
    await saveForecast('TEA', 'S1', 0);
    expect(await storedCover('TEA', 'S1')).toBeNull();
  });

  it('ranks the location by days of cover a page at a time, keys without one last either way', async () => {
    // S1: TEA (no demand forecast), and eight more; S2 must not show.
    const keys = [
      ['A-COFFEE', 40, 4],
      ['B-SUGAR', 5, 1],
      ['C-MILK', 0, 2],
      ['D-JAM', 12, 4],
      ['E-BREAD', 12, 4],
      ['F-SALT', 90, 3],
    ] as const;
    await writePositions([...keys.map(([sku, onHand]) => ({ sku, locationId: 'S1', onHand })), { sku: 'G-OIL', locationId: 'S1', onHand: 7 }, { sku: 'H-RICE', locationId: 'S1', onHand: 0 }, { sku: 'A-COFFEE', locationId: 'S2', onHand: 1 }]);
    for (const [sku, , demandPerDay] of keys) await saveForecast(sku, 'S1', demandPerDay);
    await saveForecast('A-COFFEE', 'S2', 100);

    const ascending = await ranked('asc', 0, 20);
    expect(ascending.total).toBe(9);
    expect(ascending.withCover).toBe(6);
    expect(ascending.rows.map((row) => row.sku)).toEqual(['C-MILK', 'D-JAM', 'E-BREAD', 'B-SUGAR', 'A-COFFEE', 'F-SALT', 'G-OIL', 'H-RICE', 'TEA']);
    expect(ascending.rows.find((row) => row.sku === 'A-COFFEE')).toEqual({ sku: 'A-COFFEE', onHand: 40, forecastDailyDemand: 4 });
    expect(ascending.rows.find((row) => row.sku === 'G-OIL')).toEqual({ sku: 'G-OIL', onHand: 7, forecastDailyDemand: null });
    const descending = await ranked('desc', 0, 20);
    expect(descending.rows.map((row) => row.sku)).toEqual(['F-SALT', 'A-COFFEE', 'B-SUGAR', 'E-BREAD', 'D-JAM', 'C-MILK', 'G-OIL', 'H-RICE', 'TEA']);

    // Pages of four: the second straddles the two groups, the third holds only keys without one.
    const pages = await Promise.all([0, 4, 8].map((offset) => ranked('desc', offset, 4)));
    expect(pages.flatMap((page) => page.rows.map((row) => row.sku))).toEqual(descending.rows.map((row) => row.sku));
    expect(pages.map((page) => page.rows.length)).toEqual([4, 4, 1]);
    expect((await ranked('asc', 20, 4)).rows).toEqual([]);
  });

  it("reads a page from the location's range of the cover index", async () => {
    await dataSource.query(`ANALYZE "${schema}".stock_position`);
    await dataSource.query('SET enable_seqscan = off');
    const plan: Array<{ 'QUERY PLAN': string }> = await dataSource.query(
      `EXPLAIN SELECT p.sku FROM "${schema}".stock_position p WHERE p.location_id = 'S1' AND p.balance_version > 0 AND p.days_of_cover IS NOT NULL
        ORDER BY p.days_of_cover DESC, p.sku DESC LIMIT 4 OFFSET 4`,
    );
    await dataSource.query('RESET enable_seqscan');
    const text = plan.map((line) => line['QUERY PLAN']).join('\n');
    expect(text).toContain('stock_position_by_cover');
    expect(text).not.toMatch(/\bSort\b/);
  });
});
