// Every route of reorder-forecasting against every credential that must not open it (see
// authorisationViolations), and the rate limit of refit requests.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SCOPES } from '@ledgerline/auth';
import { DEAD_LETTER_ROUTES, SHARED_ROUTES, authorisationViolations, createTestDatabase, issueCredential, uniqueTestId, type RouteAccess, type TestDatabase } from '@ledgerline/testing';
import { createReorderForecastingApp } from '../src/create-reorder-forecasting-app';
import { FORECASTING_SCOPES } from '../src/reorder-forecasting.module';
import { TEST_ADMIN_API_KEY, testServiceConfig } from './support/test-service';

const READ = [SCOPES.forecastRead] as const;

const EXPECTED: Record<string, RouteAccess> = {
  ...SHARED_ROUTES,
  ...DEAD_LETTER_ROUTES,
  'GET /v1/forecasts/:sku/:locationId': READ,
  'POST /v1/forecasts/refit': [SCOPES.forecastRefit],
  'GET /v1/policies/:sku/:locationId': READ,
  'PUT /v1/policies/:sku/:locationId': [SCOPES.policyWrite],
  'GET /v1/suggestions': READ,
  'GET /v1/demand/:sku/:locationId': READ,
  'GET /v1/cover/:locationId': READ,
  'GET /v1/cover/:locationId/ranking': READ,
};

describe('reorder-forecasting authorisation', () => {
  const prefix = uniqueTestId('forecasting-auth');
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase(prefix);
    app = await createReorderForecastingApp(testServiceConfig(database, prefix, { REFIT_INTERVAL_MS: '0', REFIT_REQUESTS_PER_MINUTE: '1', REFIT_REQUESTS_BURST: '2' }));
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  }, 30_000);

  it('refuses every credential on every route it must not open, and names the scope needed', async () => {
    expect(await authorisationViolations({ app, url, expected: EXPECTED, adminApiKey: TEST_ADMIN_API_KEY, scopes: FORECASTING_SCOPES })).toEqual([]);
  }, 60_000);

  it('limits refit requests per credential and says when to retry', async () => {
    const [first, second] = await Promise.all([issueCredential(url, TEST_ADMIN_API_KEY, ['forecast:refit']), issueCredential(url, TEST_ADMIN_API_KEY, ['forecast:refit'])]);
    const refit = (credential: string) =>
      fetch(`${url}/v1/forecasts/refit`, { method: 'POST', headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' }, body: '{}' });
    expect((await refit(first)).status).toBe(200);
    expect((await refit(first)).status).toBe(200);
    const limited = await refit(first);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ code: 'AUTH.RATE_LIMITED' });
    // Another credential has its own allowance.
    expect((await refit(second)).status).toBe(200);
  });

  it('refuses a policy body that gives a key twice, naming the key', async () => {
    const writer = await issueCredential(url, TEST_ADMIN_API_KEY, ['policy:write']);
    const response = await fetch(`${url}/v1/policies/COFFEE/S1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
      body: '{"packSize":12,"packSize":1200}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'HTTP.DUPLICATE_KEY', errors: [{ path: 'packSize' }] });
  });
});
