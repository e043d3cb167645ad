// The cycle-counting loop end to end, the ledger and pos-ingestion each as its own process against
// the real broker and database: an ERP publishes its catalog and posts receipts and a damage write-off; the ledger applies
// them and publishes stock-changed, from which pos-ingestion learns the location's keys; store
// staff take the day's list and count blind; a count far off is recounted and approved by
// inventory control; the ledger applies each count movement once (its history holds one per SKU)
// and its on hand becomes what was counted; its variance comes back to pos-ingestion as a signal;
// and the ops dashboard, with a pos-ingestion credential that may read record accuracy and the
// day's list without its book or counted figures, shows both as pos-ingestion reports them.
import { Client } from 'pg';
import { createTestDatabase, issueCredential, startServiceProcess, testKafkaBrokers, uniqueTestId, waitFor, type ServiceProcess, type TestDatabase } from '@ledgerline/testing';
import { publishCatalog, retriedWhileCatalogCatchesUp } from './support/erp-catalog';

jest.setTimeout(240_000);

const ADMIN_API_KEY = 'system-test-admin-key-0123456789abcdef';
const DAY_MS = 86_400_000;

describe('cycle counting: pos-ingestion and the ledger (services as processes)', () => {
  const prefix = uniqueTestId('system-counting');
  let database: TestDatabase;
  let ledger: ServiceProcess;
  let ingestion: ServiceProcess;
  let admin: Client;
  let stockReader: string;

  beforeAll(async () => {
    database = await createTestDatabase('system-cycle-counting');
    const common = { KAFKA_BROKERS: testKafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn', ADMIN_API_KEY };
    ledger = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: { ...common, ...database.serviceEnv('inventory_ledger'), MOVEMENTS_PARTITIONS: '3' } });
    ingestion = await startServiceProcess({ name: 'pos-ingestion', entry: 'apps/pos-ingestion/src/main.ts', env: { ...common, ...database.serviceEnv('pos_ingestion'), TOPIC_PARTITIONS: '3' } });
    stockReader = await issueCredential(ledger.url, ADMIN_API_KEY, ['stock:read'], 'ERP');
    admin = new Client({ connectionString: database.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await ingestion?.stop();
    await ledger?.stop();
    await database?.drop();
  });

  async function call(method: 'GET' | 'POST', path: string, bearer: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${ingestion.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const ledgerGet = async (path: string) => (await (await fetch(`${ledger.url}${path}`, { headers: { authorization: `Bearer ${stockReader}` } })).json()) as Record<string, unknown>;

  it('lists, counts blind, recounts, approves, and the ledger applies each count once', async () => {
    await call('POST', '/v1/admin/stores', ADMIN_API_KEY, { storeId: 'S1' });
    const staff = String((await call('POST', '/v1/admin/api-keys', ADMIN_API_KEY, { storeId: 'S1', purpose: 'store-operations' })).body['apiKey']);
    const erp = await issueCredential(ingestion.url, ADMIN_API_KEY, ['movements:write'], 'ERP');
    const reviewer = await issueCredential(ingestion.url, ADMIN_API_KEY, ['counts:review'], 'inventory control');

    const at = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const source = { system: 'erp', documentId: 'GR-1' };
    const receipt = (sku: string, quantity: number, unitCost: string) => ({ movementId: `erp:GR-1:${sku}`, kind: 'receipt', sku, locationId: 'S1', quantity, unitCost, occurredAt: at, source });
    await publishCatalog(prefix, { skus: ['COFFEE', 'TEA', 'MUG'], locations: ['S1'] });
    const posted = await retriedWhileCatalogCatchesUp(() =>
      call('POST', '/v1/movements/batch', erp, {
        movements: [
          receipt('COFFEE', 50, '4.0000'),
          receipt('TEA', 10, '2.0000'),
          receipt('MUG', 5, '8.0000'),
          { movementId: 'erp:ADJ-1', kind: 'adjustment', sku: 'TEA', locationId: 'S1', quantity: -2, reasonCode: 'damaged', occurredAt: at, source },
        ],
      }),
    );
    expect(posted).toMatchObject({ status: 202, body: { accepted: 4 } });

    // pos-ingestion knows the book from the ledger's stock-changed events alone.
    const signals = async () => (await admin.query<{ sku: string; on_hand: string }>(`SELECT sku, on_hand FROM pos_ingestion.count_signal WHERE location_id = 'S1' ORDER BY sku`)).rows;
    await waitFor(async () => JSON.stringify(await signals()) === JSON.stringify([{ sku: 'COFFEE', on_hand: '50' }, { sku: 'MUG', on_hand: '5' }, { sku: 'TEA', on_hand: '8' }]), {
      timeoutMs: 90_000,
      description: 'the counting signals of the three receipts and the write-off',
    });

    const today = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
    const list = await call('POST', `/v1/locations/S1/count-lists/${today}`, staff);
    expect(list.status).toBe(200);
    const listId = String(list.body['listId']);
    expect((list.body['items'] as Array<{ sku: string }>).map((item) => item.sku).sort()).toEqual(['COFFEE', 'MUG', 'TEA']);

    const first = await call('POST', `/v1/count-lists/${listId}/counts`, staff, { lines: [{ sku: 'COFFEE', countedQuantity: 50 }, { sku: 'TEA', countedQuantity: 5 }, { sku: 'MUG', countedQuantity: 5 }] });
    expect(first).toMatchObject({ status: 200, body: { lines: [{ status: 'posted' }, { status: 'recount-requested' }, { status: 'posted' }] } });
    const recount = await call('POST', `/v1/count-lists/${listId}/counts`, staff, { lines: [{ sku: 'TEA', countedQuantity: 5 }] });
    expect(recount).toMatchObject({ status: 200, body: { lines: [{ sku: 'TEA', status: 'awaiting-approval' }] } });
    expect(await call('POST', `/v1/count-lists/${listId}/items/TEA/approve`, reviewer)).toMatchObject({ status: 200, body: { status: 'posted', bookQuantity: 8 } });
    // Sent again: a duplicate at the intake, nothing new for the ledger.
    expect(await call('POST', `/v1/count-lists/${listId}/counts`, staff, { lines: [{ sku: 'COFFEE', countedQuantity: 50 }] })).toMatchObject({ status: 200 });

    await waitFor(async () => (await ledgerGet('/v1/stock/TEA/S1'))['onHand'] === 5, { timeoutMs: 60_000, description: 'the ledger applying the approved count of TEA' });
    for (const sku of ['COFFEE', 'TEA', 'MUG']) {
      const history = (await ledgerGet(`/v1/stock/${sku}/S1/history?limit=50`))['items'] as Array<{ movementId: string; kind: string }>;
      expect({ sku, counts: history.filter((entry) => entry.kind === 'count').map((entry) => entry.movementId) }).toEqual({ sku, counts: [`count:${listId}:${sku}`] });
    }
    expect(await ledgerGet('/v1/stock/COFFEE/S1')).toMatchObject({ onHand: 50 });

    // The ledger's variance of TEA (-3) comes back: counted today, one variance in the window.
    await waitFor(
      async () =>
        (await admin.query(`SELECT 1 FROM pos_ingestion.count_signal s JOIN pos_ingestion.count_signal_day d USING (location_id, sku)
                              WHERE s.location_id = 'S1' AND s.sku = 'TEA' AND s.on_hand = 5 AND s.last_counted_day IS NOT NULL AND d.variances = 1`)).rowCount === 1,
      { timeoutMs: 60_000, description: "TEA's count and variance in the counting signals" },
    );
    const accuracy = await call('GET', `/v1/locations/S1/record-accuracy?from=${today}&to=${today}`, reviewer);
    expect(accuracy).toMatchObject({ status: 200, body: { total: { counted: 3, accurate: 2, accuracyPercent: '66.67' } } });

    // The dashboard's credential reads the accuracy and the day's list, and is refused the lists' book figures.
    const dashboardReader = await issueCredential(ingestion.url, ADMIN_API_KEY, ['rejections:read', 'counts:read'], 'ops dashboard');
    expect((await call('GET', `/v1/locations/S1/record-accuracy?from=${today}&to=${today}`, dashboardReader)).body).toEqual(accuracy.body);
    expect((await call('GET', `/v1/count-lists/${listId}/review`, dashboardReader)).status).toBe(403);
    const dayList = await call('GET', `/v1/locations/S1/count-lists/${today}`, dashboardReader);
    expect(dayList).toMatchObject({ status: 200, body: { listId, statuses: { posted: 3 } } });
    expect(JSON.stringify(dayList.body)).not.toMatch(/bookQuantity|firstCount|unitValue|withinTolerance/);
    const dashboard = await startServiceProcess({
      name: 'ops-dashboard',
      entry: 'apps/ops-dashboard/src/main.ts',
      env: {
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        ADMIN_API_KEY,
        ...database.serviceEnv('ops_dashboard'),
        POS_INGESTION_URL: ingestion.url,
        POS_INGESTION_CREDENTIAL: dashboardReader,
        INVENTORY_LEDGER_URL: ledger.url,
        INVENTORY_LEDGER_CREDENTIAL: stockReader,
        REORDER_FORECASTING_URL: 'http://127.0.0.1:9',
      },
    });
    try {
      const viewer = await issueCredential(dashboard.url, ADMIN_API_KEY, ['dashboard:view'], 'viewer');
      const period = new URLSearchParams({ from: `${today}T00:00:00.000Z`, to: new Date().toISOString() });
      const shown = (await (await fetch(`${dashboard.url}/api/locations/S1/record-accuracy?${period}`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as Record<string, unknown>;
      expect(shown).toMatchObject({ locationId: 'S1', accuracy: { status: 'ok', data: accuracy.body } });
      const listShown = (await (await fetch(`${dashboard.url}/api/locations/S1/count-list?day=${today}`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as Record<string, unknown>;
      expect(listShown).toMatchObject({ locationId: 'S1', day: today, list: { status: 'ok', data: dayList.body } });
    } finally {
      await dashboard.stop();
    }
  });
});
