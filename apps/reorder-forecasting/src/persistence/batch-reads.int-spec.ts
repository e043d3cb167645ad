// The reads a batch of stock changes makes, against real PostgreSQL tables of thousands of rows no
// statistics describe (never analysed here): each reaches its rows by a probe of their key, so a
// batch costs its own items and days, never the positions, days of demand, suggestions or fits the
// service has kept. Joined to the batch's lists as a whole, the planner could hash a whole table.
import type { DataSource, EntityManager } from 'typeorm';
import { openServiceDatabase, readCommittedTransaction } from '@ledgerline/runtime';
import { createTestDatabase, tablesReadBy, type TestDatabase } from '@ledgerline/testing';
import { forecastingConfigSchema } from '../config/forecasting.config';
import { forecastingDatabaseOptions } from '../reorder-forecasting.module';
import { DemandSql } from './demand-sql';
import { ForecastSql } from './forecast-sql';
import { SuggestionSql } from './suggestion-sql';

jest.setTimeout(60_000);

describe("a batch's reads by key probes (real PostgreSQL)", () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let schema: string;

  beforeAll(async () => {
    database = await createTestDatabase('forecasting-batch-reads');
    const config = forecastingConfigSchema.parse({ ...database.serviceEnv('reorder_forecasting'), DATABASE_POOL_SIZE: '2' });
    schema = config.DATABASE_SCHEMA;
    dataSource = await openServiceDatabase(forecastingDatabaseOptions(config));
    await dataSource.query(`INSERT INTO "${schema}".stock_position (sku, location_id) SELECT 'P-' || n, 'S1' FROM generate_series(1, 20000) n`);
    await dataSource.query(
      `INSERT INTO "${schema}".daily_demand (sku, location_id, day, demand_units, sold_units, returned_units, voided_units, min_on_hand,
         closing_on_hand, closing_at, closing_version, movements)
       SELECT 'P-' || (n % 2000), 'S1', DATE '2026-01-01' + (n / 2000), 1, 1, 0, 0, 0, 0, now(), 1, 1 FROM generate_series(1, 40000) n`,
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** Runs `read` on a manager that keeps each statement it is given, and returns the plans of its reads. */
  async function plansOf(read: (manager: EntityManager) => Promise<unknown>): Promise<unknown[]> {
    const statements: Array<{ text: string; parameters: unknown[] }> = [];
    await readCommittedTransaction(dataSource, async (manager) => {
      const recording = {
        query: (text: string, parameters: unknown[]) => {
          statements.push({ text, parameters });
          return manager.query(text, parameters);
        },
      } as unknown as EntityManager;
      await read(recording);
    });
    const plans: unknown[] = [];
    for (const { text, parameters } of statements.filter((statement) => statement.text.trimStart().startsWith('SELECT'))) {
      plans.push(await dataSource.query(`EXPLAIN (FORMAT JSON) ${text}`, parameters));
    }
    return plans;
  }

  const items = Array.from({ length: 600 }, (_, index) => ({ sku: `P-${index * 7 + 1}`, locationId: 'S1' }));
  it.each([
    ['positions locked', 'stock_position', (manager: EntityManager) => new DemandSql(schema).lockPositions(manager, items)],
    ['days of demand', 'daily_demand', (manager: EntityManager) => new DemandSql(schema).dailyDemandOn(manager, items.map((item) => ({ ...item, day: '2026-01-05' })))],
    ['open suggestions', 'reorder_suggestion', (manager: EntityManager) => new SuggestionSql(schema).openSuggestions(manager, items)],
    ['fits', 'item_forecast', (manager: EntityManager) => new ForecastSql(schema).forecastsOf(manager, items)],
  ])('reads the %s of 600 items by probes of %s', async (_what, table, read) => {
    const [plan] = await plansOf(read);
    expect(plan).toBeDefined();
    expect(tablesReadBy(plan, 'Seq Scan')).toEqual([]);
    expect(tablesReadBy(plan, 'Index Scan')).toContain(table);
  });

  it('locks the positions asked for, and reads the days of demand asked for, no others', async () => {
    const other = await dataSource.createQueryRunner();
    await other.connect();
    try {
      await readCommittedTransaction(dataSource, async (manager) => {
        const demand = new DemandSql(schema);
        await demand.lockPositions(manager, [{ sku: 'P-3', locationId: 'S1' }, { sku: 'P-1', locationId: 'S1' }]);
        const days = await demand.dailyDemandOn(manager, [{ sku: 'P-3', locationId: 'S1', day: '2026-01-05' }, { sku: 'P-3', locationId: 'S1', day: '2027-01-01' }]);
        expect(days.map((day) => [day.sku, day.locationId, day.day])).toEqual([['P-3', 'S1', '2026-01-05']]);
        const tryLock = (sku: string) =>
          other.query(`SELECT sku FROM "${schema}".stock_position WHERE sku = $1 AND location_id = 'S1' FOR UPDATE NOWAIT`, [sku]).then(
            () => 'free',
            () => 'locked',
          );
        expect([await tryLock('P-1'), await tryLock('P-3'), await tryLock('P-2')]).toEqual(['locked', 'locked', 'free']);
      });
    } finally {
      await other.release();
    }
  });
});
