// The alert log's keep window against the real database, as the dashboard's own login role: the
// occurrences raised before ALERT_LOG_KEEP_DAYS are deleted, in batches, and the rest stay listed.
import type { DataSource } from 'typeorm';
import type { AlertV1 } from '@ledgerline/contracts';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { dashboardConfigSchema, type DashboardConfig } from '../config/dashboard.config';
import { dashboardDatabaseOptions } from '../ops-dashboard.module';
import { AlertLog } from './alert-log';
import { AlertLogPruner } from './alert-log-pruner';

jest.setTimeout(60_000);

const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const DAY = 86_400_000;

function alertDaysAgo(days: number, index: number): AlertV1 {
  const raisedAt = new Date(NOW - days * DAY).toISOString();
  return { alertId: `stockout:pos:S1:T-${days}-${index}:1`, type: 'stockout', severity: 'warning', sku: 'TEA', locationId: 'S1', onHand: 0, movementId: `pos:S1:T-${days}-${index}:1`, raisedAt, message: 'out of stock' };
}

describe('the alert log keep window (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let config: DashboardConfig;

  beforeAll(async () => {
    database = await createTestDatabase('dashboard-alert-log-pruning');
    config = dashboardConfigSchema.parse({ ...database.serviceEnv('ops_dashboard'), ALERT_LOG_KEEP_DAYS: '30' });
    dataSource = await openServiceDatabase(dashboardDatabaseOptions(config));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('deletes what was raised before the window, over several batches, and keeps the rest', async () => {
    const log = new AlertLog(dataSource, config.DATABASE_SCHEMA);
    const old = Array.from({ length: 2_500 }, (_, index) => alertDaysAgo(31 + (index % 300), index));
    const recent = [alertDaysAgo(29, 0), alertDaysAgo(1, 0), alertDaysAgo(0, 0)];
    await log.record([...old, ...recent]);

    expect(await new AlertLogPruner(log, config).pruneNow(NOW)).toBe(2_500);
    const page = await log.page({ type: undefined, locationId: undefined, from: undefined, to: undefined }, undefined, 50);
    expect(page.items.map((alert) => alert.alertId)).toEqual(recent.map((alert) => alert.alertId).reverse());
    expect(await new AlertLogPruner(log, config).pruneNow(NOW)).toBe(0);
  });
});
