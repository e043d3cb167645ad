// The refit schedule against the real database and broker: with 800 series due, a scheduled run
// works through them most overdue first while a policy change and a one-item refit are answered
// before it ends; afterwards only series with new demand (readable once their day is over) or a
// stale fit are due, and a run with nothing due fits nothing.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, uniqueTestId, waitFor, type TestDatabase } from '@ledgerline/testing';
import type { ForecastingConfig } from '../src/config/forecasting.config';
import { createReorderForecastingApp } from '../src/create-reorder-forecasting-app';
import { RefitService } from '../src/forecasting/refit.service';
import { StockChangeWriter } from '../src/intake/stock-change-writer';
import { forecastingDatabaseOptions } from '../src/reorder-forecasting.module';
import { seedSeries, seriesAt } from './support/seed-series';
import { authorise, sendJson, testServiceConfig } from './support/test-service';

jest.setTimeout(180_000);

const SERIES = 800;
const DAY_MS = 86_400_000;

describe('refit schedule (real PostgreSQL and Kafka)', () => {
  const prefix = uniqueTestId('refit-schedule');
  let database: TestDatabase;
  let config: ForecastingConfig;
  let observer: DataSource;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase('refit-schedule');
    config = testServiceConfig(database, prefix, {
      STOCK_TOPIC_PARTITIONS: '1',
      SUGGESTION_TOPIC_PARTITIONS: '1',
      REFIT_INTERVAL_MS: '100',
      REFIT_MAX_SERIES_PER_TICK: String(SERIES),
      HISTORY_DAYS: '120',
    });
    observer = await openServiceDatabase(forecastingDatabaseOptions(config));
    await seedSeries(observer, config.DATABASE_SCHEMA, { count: SERIES, days: 120 });
    await startService(config);
  });

  async function startService(settings: ForecastingConfig): Promise<void> {
    app = await createReorderForecastingApp(settings);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    await authorise(url);
  }

  afterAll(async () => {
    await app?.close();
    await observer?.destroy();
    await database?.drop();
  });

  const count = async (sql: string, parameters: unknown[] = []): Promise<number> => Number((await observer.query(sql, parameters))[0].n);
  const dueNow = () => count(`SELECT count(*)::int AS n FROM reorder_forecasting.stock_position WHERE refit_due_at <= now()`);
  const fitted = () => count(`SELECT count(*)::int AS n FROM reorder_forecasting.item_forecast`);

  it('answers a policy change and a one-item refit while a large scheduled refit is still running', async () => {
    await waitFor(async () => (await fitted()) >= 20, { timeoutMs: 30_000, description: 'the scheduled run to start fitting' });
    const last = seriesAt(SERIES - 1);
    const beforeLast = seriesAt(SERIES - 2);

    const fittedAtOf = async (item: { sku: string; locationId: string }) =>
      String((await observer.query(`SELECT fitted_at::text AS at FROM reorder_forecasting.item_forecast WHERE sku = $1 AND location_id = $2`, [item.sku, item.locationId]))[0]?.at);
    const [policy, refit] = await Promise.all([
      sendJson<{ policy: { packSize: number }; current: { orderQuantity: number | null } | null }>('PUT', `${url}/v1/policies/${last.sku}/${last.locationId}`, { packSize: 12 }),
      sendJson<{ refitted: number }>('POST', `${url}/v1/forecasts/refit`, beforeLast),
    ]);
    const stillDue = await dueNow();

    expect(policy.policy.packSize).toBe(12);
    expect(policy.current!.orderQuantity! % 12).toBe(0);
    expect(refit.refitted).toBe(1);
    // Both answered while the run, which started before them and is most overdue first, had not
    // yet reached the series fitted least recently due.
    expect(stillDue).toBeGreaterThan(0);
    const fittedOnRequest = { last: await fittedAtOf(last), beforeLast: await fittedAtOf(beforeLast) };

    await waitFor(async () => (await dueNow()) === 0, { timeoutMs: 120_000, intervalMs: 250, description: 'the scheduled run to fit every due series' });
    expect(await fitted()).toBe(SERIES);
    // The run, which had listed them before the requests came, did not fit them a second time.
    expect({ last: await fittedAtOf(last), beforeLast: await fittedAtOf(beforeLast) }).toEqual(fittedOnRequest);
    // Each fit is due again one staleness later, nothing sooner.
    expect(await count(
      `SELECT count(*)::int AS n FROM reorder_forecasting.stock_position p JOIN reorder_forecasting.item_forecast f USING (sku, location_id)
        WHERE p.refit_due_at = f.fitted_at + $1 * interval '1 millisecond'`,
      [config.REFIT_STALE_AFTER_MS],
    )).toBe(SERIES);

    // The rest runs the schedule by hand, one run at a time.
    await app.close();
    await startService({ ...config, REFIT_INTERVAL_MS: 0 });
  });

  it('refits only the series with new demand once its day is over, and nothing when nothing is due', async () => {
    const refits = app.get(RefitService);
    expect(await refits.refitDue()).toEqual({ refitted: 0, skipped: 0, failed: 0, suggestionEvents: 0 });

    const lateTill = seriesAt(10);
    const today = seriesAt(11);
    const fittedAt = async (item: { sku: string; locationId: string }) =>
      String((await observer.query(`SELECT fitted_at::text AS at FROM reorder_forecasting.item_forecast WHERE sku = $1 AND location_id = $2`, [item.sku, item.locationId]))[0].at);
    const fittedBefore = { lateTill: await fittedAt(lateTill), today: await fittedAt(today) };

    const now = Date.now();
    await app.get(StockChangeWriter).applyBatch([
      { change: sale('late-1', lateTill, now - DAY_MS), cause: { eventId: 'e-late-1', correlationId: 'c-late-1' } },
      { change: sale('today-1', today, now), cause: { eventId: 'e-today-1', correlationId: 'c-today-1' } },
    ]);
    // Yesterday's sale is readable now; today's only once today is over.
    const startOfTomorrow = new Date(Math.floor(now / DAY_MS) * DAY_MS + DAY_MS);
    const dueOfToday = await observer.query(`SELECT refit_due_at FROM reorder_forecasting.stock_position WHERE sku = $1 AND location_id = $2`, [today.sku, today.locationId]);
    expect((dueOfToday[0].refit_due_at as Date).toISOString()).toBe(startOfTomorrow.toISOString());

    expect(await refits.refitDue()).toMatchObject({ refitted: 1, failed: 0 });
    expect(await fittedAt(lateTill)).not.toBe(fittedBefore.lateTill);
    expect(await fittedAt(today)).toBe(fittedBefore.today);
    expect(await refits.refitDue()).toMatchObject({ refitted: 0 });

    // Once today is over the series is due; a fit that cannot read today yet keeps it due then.
    expect(await refits.refitDue(new Date(startOfTomorrow.getTime() + 1_000))).toMatchObject({ refitted: 1 });
    expect(await fittedAt(today)).not.toBe(fittedBefore.today);
    const stillDue = await observer.query(`SELECT refit_due_at FROM reorder_forecasting.stock_position WHERE sku = $1 AND location_id = $2`, [today.sku, today.locationId]);
    expect((stillDue[0].refit_due_at as Date).toISOString()).toBe(startOfTomorrow.toISOString());
  });

  it('marks every series due when asked to refit all, without fitting on the request', async () => {
    const answer = await sendJson<{ scheduled: boolean; due: number }>('POST', `${url}/v1/forecasts/refit`, {});
    expect(answer).toEqual({ scheduled: true, due: SERIES });
    expect(await dueNow()).toBe(SERIES);
  });
});

function sale(id: string, item: { sku: string; locationId: string }, at: number) {
  return { movementId: `pos:${id}`, kind: 'sale', sku: item.sku, locationId: item.locationId, quantityDelta: -1, onHand: 99, onOrder: 0, inTransit: 0, balanceVersion: 1_001, occurredAt: at };
}
