// reorder-forecasting's database connection, as the service opens it (migrated by the owner, then
// its own login role): no SQL it could send forgets a movement it already counted, deletes demand
// history or alters the schema, and the grant list names every table of the schema.
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, historyChangesLetThrough, type TestDatabase } from '@ledgerline/testing';
import type { DataSource } from 'typeorm';
import { forecastingConfigSchema } from '../config/forecasting.config';
import { forecastingDatabaseOptions } from '../reorder-forecasting.module';

jest.setTimeout(60_000);

describe("reorder-forecasting's login role (real PostgreSQL)", () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let serviceUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase('forecasting-grants');
    const config = forecastingConfigSchema.parse({ ...database.serviceEnv('reorder_forecasting'), DATABASE_POOL_SIZE: '1' });
    serviceUrl = config.DATABASE_URL;
    dataSource = await openServiceDatabase(forecastingDatabaseOptions(config));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('adds counted movements but never changes or removes one', async () => {
    await dataSource.query(`INSERT INTO reorder_forecasting.processed_movement (movement_id) VALUES ('m-1')`);
    await expect(dataSource.query(`UPDATE reorder_forecasting.processed_movement SET movement_id = 'm-2'`)).rejects.toMatchObject({ code: '42501' });
    await expect(dataSource.query(`DELETE FROM reorder_forecasting.daily_demand`)).rejects.toMatchObject({ code: '42501' });
  });

  it('lets no SQL its connection could send change the history', async () => {
    const history = { schema: 'reorder_forecasting', historyTables: ['processed_movement', 'schema_migrations'] };
    expect(await historyChangesLetThrough({ ...history, serviceUrl })).toEqual([]);
    expect(await historyChangesLetThrough({ ...history, serviceUrl: database.url })).toEqual(expect.arrayContaining(['DELETE FROM "reorder_forecasting"."processed_movement"']));
  });
});
