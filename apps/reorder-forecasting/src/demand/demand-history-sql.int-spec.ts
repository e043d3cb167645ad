// The demand history on a real PostgreSQL: the last N days up to the item's last recorded one,
// days without movements filled in with no demand and the closing stock carried on.
import type { DataSource } from 'typeorm';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { forecastingConfigSchema } from '../config/forecasting.config';
import { forecastingDatabaseOptions } from '../reorder-forecasting.module';
import { DemandHistorySql } from './demand-history-sql';

jest.setTimeout(60_000);

describe('demand history (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let history: DemandHistorySql;

  beforeAll(async () => {
    database = await createTestDatabase('forecasting-demand-history');
    const config = forecastingConfigSchema.parse({ ...database.serviceEnv('reorder_forecasting'), DATABASE_POOL_SIZE: '2' });
    dataSource = await openServiceDatabase(forecastingDatabaseOptions(config));
    history = new DemandHistorySql(config.DATABASE_SCHEMA);
    const day = (date: string, demand: number, closing: number) => [date, demand, closing];
    for (const [date, demand, closing] of [day('2026-11-01', 9, 40), day('2026-11-03', 4, 36), day('2026-11-04', 6, 30)]) {
      await dataSource.query(
        `INSERT INTO ${config.DATABASE_SCHEMA}.daily_demand (sku, location_id, day, demand_units, sold_units, returned_units, voided_units,
            min_on_hand, closing_on_hand, closing_at, closing_version, movements)
         VALUES ('TEA', 'S1', $1::date, $2, $2, 0, 0, $3, $3, $1::date + interval '20 hours', 1, 1)`,
        [date, demand, closing],
      );
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('answers every day of the window, a day without movements with no demand', async () => {
    const days = await history.lastDays(dataSource.manager, { sku: 'TEA', locationId: 'S1' }, 3);
    expect(days).toEqual([
      { day: '2026-11-02', demand: 0, sold: 0, returned: 0, closingOnHand: null, recorded: false },
      { day: '2026-11-03', demand: 4, sold: 4, returned: 0, closingOnHand: 36, recorded: true },
      { day: '2026-11-04', demand: 6, sold: 6, returned: 0, closingOnHand: 30, recorded: true },
    ]);
    const longer = await history.lastDays(dataSource.manager, { sku: 'TEA', locationId: 'S1' }, 5);
    expect(longer.map((entry) => [entry.day, entry.closingOnHand])).toEqual([
      ['2026-10-31', null],
      ['2026-11-01', 40],
      ['2026-11-02', 40],
      ['2026-11-03', 36],
      ['2026-11-04', 30],
    ]);
    expect(await history.lastDays(dataSource.manager, { sku: 'TEA', locationId: 'S9' }, 5)).toEqual([]);
  });
});
