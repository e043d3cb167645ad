// Every route of the ledger against every credential that must not open it (see
// authorisationViolations), with the least-privilege writer role the service runs as.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SCOPES } from '@ledgerline/auth';
import { DEAD_LETTER_ROUTES, SHARED_ROUTES, authorisationViolations, type RouteAccess } from '@ledgerline/testing';
import { LEDGER_SCOPES } from '../src/inventory-ledger.module';
import { startRunningLedger, type RunningLedger } from './running-ledger';

const ADMIN_API_KEY = 'ledger-admin-key-0123456789abcdef';
const STOCK = [SCOPES.stockRead] as const;
const VALUATION = [SCOPES.valuationRead] as const;
const RESERVATION = [SCOPES.reservationWrite] as const;

const EXPECTED: Record<string, RouteAccess> = {
  ...SHARED_ROUTES,
  ...DEAD_LETTER_ROUTES,
  'GET /v1/stock/:sku': STOCK,
  'GET /v1/stock/:sku/:locationId': STOCK,
  'GET /v1/stock/:sku/:locationId/history': STOCK,
  'GET /v1/locations/:locationId/stock': STOCK,
  'GET /v1/search': STOCK,
  'GET /v1/stock/:sku/:locationId/levels': STOCK,
  'GET /v1/stock/:sku/:locationId/layers': STOCK,
  'GET /v1/locations/:locationId/balances': STOCK,
  'GET /v1/locations/:locationId/summary': STOCK,
  'GET /v1/locations/:locationId/shrinkage': STOCK,
  'GET /v1/drift': STOCK,
  'GET /v1/valuation': VALUATION,
  'GET /v1/cost-of-goods-sold': VALUATION,
  'GET /v1/reports/period': VALUATION,
  'GET /v1/reports/closing-inventory': VALUATION,
  'POST /v1/periods/close': [SCOPES.periodsClose],
  'GET /v1/periods': [SCOPES.periodsClose, SCOPES.valuationRead],
  'GET /v1/exports/stock': STOCK,
  'GET /v1/exports/valuation': VALUATION,
  'GET /v1/exports/history': STOCK,
  'POST /v1/reservations': RESERVATION,
  'POST /v1/reservations/across-locations': RESERVATION,
  'GET /v1/availability/:sku': [SCOPES.stockRead, SCOPES.reservationWrite],
  'GET /v1/reservations/:reservationId': [SCOPES.reservationWrite, SCOPES.stockRead],
  'POST /v1/reservations/:reservationId/extend': RESERVATION,
  'POST /v1/reservations/:reservationId/release': RESERVATION,
  'POST /v1/reservations/:reservationId/fulfil': RESERVATION,
  'PUT /v1/safety-buffers/:locationId/:channel/:sku': [SCOPES.admin],
  'GET /v1/stock/:sku/:locationId/reservation-events': STOCK,
};

describe('inventory-ledger authorisation', () => {
  let ledger: RunningLedger;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    ledger = await startRunningLedger('ledger-auth', { ADMIN_API_KEY });
    ({ app, url } = ledger);
  }, 60_000);

  afterAll(async () => {
    await ledger?.close();
  }, 30_000);

  it('refuses every credential on every route it must not open, and names the scope needed', async () => {
    expect(await authorisationViolations({ app, url, expected: EXPECTED, adminApiKey: ADMIN_API_KEY, scopes: LEDGER_SCOPES })).toEqual([]);
  }, 60_000);

  it('refuses a JSON body that gives a key twice, naming the key', async () => {
    const response = await fetch(`${url}/v1/admin/credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_API_KEY}`, 'content-type': 'application/json' },
      body: '{"scopes":["stock:read"],"scopes":["admin"]}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'HTTP.DUPLICATE_KEY', errors: [{ path: 'scopes' }] });
  });
});
