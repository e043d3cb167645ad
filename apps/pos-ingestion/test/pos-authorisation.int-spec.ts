// Every route of pos-ingestion against every credential that must not open it (see
// authorisationViolations), and the refusals a till and an operator meet.
import { SCOPES } from '@ledgerline/auth';
import { DEAD_LETTER_ROUTES, SHARED_ROUTES, authorisationViolations, type RouteAccess } from '@ledgerline/testing';
import { POS_INGESTION_SCOPES } from '../src/pos-ingestion.module';
import { ADMIN_API_KEY, PosIngestionHarness, post, type RunningService } from './pos-ingestion-harness';

const ADMIN = [SCOPES.admin] as const;
// Also open to a store's store-operations key (pk_), for its own store: pos-store-operations.int-spec.ts.
const MOVEMENTS = [SCOPES.movementsWrite] as const;

const EXPECTED: Record<string, RouteAccess> = {
  ...SHARED_ROUTES,
  ...DEAD_LETTER_ROUTES,
  'POST /v1/transactions': 'own-guard',
  'POST /v1/transactions/batch': 'own-guard',
  'POST /v1/movements': MOVEMENTS,
  'POST /v1/movements/batch': MOVEMENTS,
  'POST /v1/counts': MOVEMENTS,
  'POST /v1/transfers/:transferId/close-short': MOVEMENTS,
  'POST /v1/imports/:kind': MOVEMENTS,
  'POST /v1/locations/:locationId/count-lists/:day': MOVEMENTS,
  'GET /v1/count-lists/:listId': MOVEMENTS,
  'POST /v1/count-lists/:listId/counts': MOVEMENTS,
  'GET /v1/count-lists/:listId/review': [SCOPES.countsReview],
  'POST /v1/count-lists/:listId/items/:sku/:decision': [SCOPES.countsReview],
  'GET /v1/locations/:locationId/count-lists/:day': [SCOPES.countsReview, SCOPES.countsRead],
  'GET /v1/locations/:locationId/record-accuracy': [SCOPES.countsReview, SCOPES.countsRead],
  'POST /v1/admin/stores': ADMIN,
  'GET /v1/admin/stores': ADMIN,
  'POST /v1/admin/api-keys': ADMIN,
  'GET /v1/admin/api-keys': ADMIN,
  'DELETE /v1/admin/api-keys/:keyId': ADMIN,
  'GET /v1/admin/rejections': [SCOPES.rejectionsRead, SCOPES.admin],
};

describe('pos-ingestion authorisation', () => {
  const harness = new PosIngestionHarness('pos-auth');
  let service: RunningService;

  beforeAll(async () => {
    await harness.setUp();
    service = await harness.start();
  }, 60_000);

  afterAll(async () => {
    await service?.app.close();
    await harness.tearDown();
  });

  it('refuses every credential on every route it must not open, and names the scope needed', async () => {
    const violations = await authorisationViolations({ app: service.app, url: service.url, expected: EXPECTED, adminApiKey: ADMIN_API_KEY, scopes: POS_INGESTION_SCOPES });
    expect(violations).toEqual([]);
  }, 60_000);

  it('refuses a JSON body that gives a key twice, naming the key', async () => {
    const { apiKey } = await harness.credentialFor(service.url, 'S-DUP');
    const response = await fetch(`${service.url}/v1/transactions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: '{"transactionId":"T1","storeId":"S-DUP","storeId":"S-OTHER"}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'HTTP.DUPLICATE_KEY', errors: [{ path: 'storeId', code: 'HTTP.DUPLICATE_KEY' }] });
    const admin = await fetch(`${service.url}/v1/admin/stores`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_API_KEY}`, 'content-type': 'application/json' },
      body: '{"storeId":"S-A","name":"x","\\u006eame":"y"}',
    });
    expect(admin.status).toBe(400);
    expect(await admin.json()).toMatchObject({ code: 'HTTP.DUPLICATE_KEY', message: expect.stringContaining('name') });
  });

  it('revokes a service credential from its next request on', async () => {
    const issued = await post(service.url, '/v1/admin/credentials', { scopes: ['rejections:read'], label: 'dashboard' }, ADMIN_API_KEY);
    expect(issued.status).toBe(201);
    const credential = issued.body['credential'] as string;
    const read = () => fetch(`${service.url}/v1/admin/rejections`, { headers: { authorization: `Bearer ${credential}` } });
    expect((await read()).status).toBe(200);
    const listed = await fetch(`${service.url}/v1/admin/credentials`, { headers: { authorization: `Bearer ${ADMIN_API_KEY}` } });
    // The secret is what follows sk_<keyId>_, and may itself hold underscores.
    const secret = credential.slice(credential.indexOf('_', credential.indexOf('_') + 1) + 1);
    expect(secret.length).toBeGreaterThan(20);
    expect(JSON.stringify(await listed.json())).not.toContain(secret);
    const revoke = await fetch(`${service.url}/v1/admin/credentials/${issued.body['keyId'] as string}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_API_KEY}` } });
    expect(revoke.status).toBe(204);
    expect(await (await read()).json()).toMatchObject({ status: 401, code: 'AUTH.INVALID_CREDENTIAL' });
    const unknownScope = await post(service.url, '/v1/admin/credentials', { scopes: ['stock:read'] }, ADMIN_API_KEY);
    expect(unknownScope).toMatchObject({ status: 422, body: { code: 'AUTH.UNKNOWN_SCOPE' } });
  });
});
