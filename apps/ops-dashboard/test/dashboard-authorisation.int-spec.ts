// Every route of the ops dashboard against every credential that must not open it (see
// authorisationViolations): the views take dashboard:view, acknowledging alerts and the
// dead-letter actions their own scopes, the credentials API the admin scope.
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SCOPES } from '@ledgerline/auth';
import { SHARED_ROUTES, authorisationViolations, createTestDatabase, testKafkaBrokers, uniqueTestId, type RouteAccess, type TestDatabase } from '@ledgerline/testing';
import { dashboardConfigSchema } from '../src/config/dashboard.config';
import { createOpsDashboardApp } from '../src/create-ops-dashboard-app';
import { DASHBOARD_SCOPES } from '../src/ops-dashboard.module';

const ADMIN_API_KEY = 'dashboard-authorisation-admin-key-0123456789';
const ACT = [SCOPES.deadLettersAct] as const;
const VIEW = [SCOPES.dashboardView] as const;

const EXPECTED: Record<string, RouteAccess> = {
  ...SHARED_ROUTES,
  'GET /api/snapshot': VIEW,
  'GET /api/events': VIEW,
  'GET /api/search': VIEW,
  'GET /api/items/:sku/:locationId': VIEW,
  'GET /api/items/:sku/:locationId/movements': VIEW,
  'GET /api/locations/:locationId': VIEW,
  'GET /api/locations/:locationId/balances': VIEW,
  'GET /api/locations/:locationId/shrinkage': VIEW,
  'GET /api/locations/:locationId/record-accuracy': VIEW,
  'GET /api/locations/:locationId/count-list': VIEW,
  'GET /api/alerts': VIEW,
  'POST /api/alerts/:alertId/acknowledgement': [SCOPES.alertsAcknowledge],
  'GET /api/dead-letters/:service': ACT,
  'GET /api/dead-letters/:service/:eventId': ACT,
  'POST /api/dead-letters/:service/:eventId/replay': ACT,
  'POST /api/dead-letters/:service/:eventId/discard': ACT,
};

describe('ops-dashboard authorisation', () => {
  const prefix = uniqueTestId('dashboard-auth');
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase(prefix);
    const nowhere = 'http://127.0.0.1:9';
    app = await createOpsDashboardApp(
      dashboardConfigSchema.parse({
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        ...database.serviceEnv('ops_dashboard'),
        ADMIN_API_KEY,
        HTTP_PORT: '0',
        LOG_LEVEL: 'error',
        SERVICE_TIMEOUT_MS: '1000',
        POS_INGESTION_URL: nowhere,
        INVENTORY_LEDGER_URL: nowhere,
        REORDER_FORECASTING_URL: nowhere,
        INVENTORY_LEDGER_ADMIN_CREDENTIAL: 'sk_0123456789abcdef_not-a-real-credential-of-the-ledger-000000',
      }),
    );
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  }, 30_000);

  it('refuses every credential on every route it must not open, and names the scope needed', async () => {
    expect(await authorisationViolations({ app, url, expected: EXPECTED, adminApiKey: ADMIN_API_KEY, scopes: DASHBOARD_SCOPES })).toEqual([]);
  }, 90_000);
});
