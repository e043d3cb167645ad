// The exports over HTTP against the real database: more rows than a page, in order and with the
// figures of the balances and movements; CSV that a spreadsheet cannot run; every refusal named by
// field; no export without its scope; a client that leaves part way gives its connection back.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { openServiceDatabase } from '@ledgerline/runtime';
import { issueCredential, waitFor } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from '../../test/running-ledger';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { LedgerWriter } from '../ledger/ledger-writer';
import { EXPORT_PAGE_ROWS } from './export-sql';

jest.setTimeout(120_000);

const DAY = '2026-11-20';
const FORMULA_LOCATION = "=cmd|' /C calc'!A0";
const HOT_SALES = EXPORT_PAGE_ROWS + 100;

describe('exports (real PostgreSQL, over HTTP)', () => {
  let ledger: RunningLedger;
  let writer: DataSource;
  let db: Client;
  let stockHeaders: Record<string, string>;
  let valuationHeaders: Record<string, string>;
  let writtenFrom: Date;
  let writtenTo: Date;

  beforeAll(async () => {
    ledger = await startRunningLedger('ledger-exports');
    const config = ledgerConfigSchema.parse({ ...ledger.database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '2' });
    writer = await openServiceDatabase(ledgerDatabaseOptions(config));
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
    stockHeaders = ledger.stockReaderHeaders;
    valuationHeaders = { authorization: `Bearer ${await issueCredential(ledger.url, ledger.adminApiKey, ['valuation:read'])}` };

    writtenFrom = new Date();
    const ledgerWriter = new LedgerWriter(writer, config.DATABASE_SCHEMA);
    const receipts: InventoryMovementV1[] = [];
    for (const [locationId, skus] of [['S1', 1_300], ['S2', 1_200], [FORMULA_LOCATION, 3]] as const) {
      for (let sku = 0; sku < skus; sku += 1) receipts.push(receipt(`r-${locationId}-${sku}`, `SKU-${String(sku).padStart(5, '0')}`, locationId, 10, '1.3333'));
    }
    receipts.push(receipt('=HYPERLINK("http://x","y"),1', 'HOT', 'S1', 100, '2.0000'));
    await ledgerWriter.applyBatch(receipts.map((movement) => ({ movement })));
    const sales = Array.from({ length: HOT_SALES }, (_, index) => sale(`sale-${index}`, 'HOT', 'S1'));
    await ledgerWriter.applyBatch(sales.map((movement) => ({ movement })));
    writtenTo = new Date(Date.now() + 1_000);
  });

  afterAll(async () => {
    await db?.end();
    await writer?.destroy();
    await ledger?.close();
  });

  const get = (path: string, headers: Record<string, string> = stockHeaders) => fetch(`${ledger.url}${path}`, { headers });
  const query = (parameters: Record<string, string>) => new URLSearchParams(parameters).toString();

  it('streams every balance of every location, in location and SKU order, as NDJSON', async () => {
    const response = await get('/v1/exports/stock?format=ndjson');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const rows = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as Record<string, string>);
    const { rows: expected } = await db.query(
      `SELECT location_id, sku, on_hand::text, inventory_value::text FROM inventory_ledger.stock_balance WHERE version > 0 ORDER BY location_id, sku`,
    );
    expect(rows.length).toBe(1_300 + 1_200 + 3 + 1);
    expect(rows.length).toBeGreaterThan(2 * EXPORT_PAGE_ROWS);
    expect(rows.map((row) => [row['locationId'], row['sku'], row['onHand'], row['inventoryValue']])).toEqual(
      expected.map((row) => [row.location_id, row.sku, row.on_hand, row.inventory_value]),
    );
    expect(rows.find((row) => row['sku'] === 'HOT')).toMatchObject({ onHand: String(100 - HOT_SALES), available: String(100 - HOT_SALES) });
  });

  it('writes one location as spreadsheet-safe CSV with a header row, negative numbers left numbers', async () => {
    const response = await get(`/v1/exports/stock?${query({ locationId: 'S1' })}`, { ...stockHeaders, accept: 'text/csv' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const records = (await response.text()).split('\r\n');
    expect(records[0]).toBe('locationId,sku,onHand,inTransit,onOrder,reserved,available,inventoryValue,averageUnitCost,lastMovementAt');
    expect(records.pop()).toBe('');
    expect(records.length).toBe(1 + 1_300 + 1);
    expect(records[1]).toMatch(/^S1,HOT,-1000,0,0,0,-1000,-2000\.0000,2\.0000,\d{4}-/);
    expect(records[2]).toMatch(/^S1,SKU-00000,10,0,0,0,10,13\.3330,1\.3333,/);

    const formula = (await (await get(`/v1/exports/stock?${query({ locationId: FORMULA_LOCATION, format: 'csv' })}`)).text()).split('\r\n');
    expect(formula.slice(1, 4).map((record) => record.split(',')[0])).toEqual(Array(3).fill(`'${FORMULA_LOCATION}`));
  });

  it('streams a streamed JSON array of the valuation now and as of a past business time', async () => {
    const now = (await (await get(`/v1/exports/valuation?${query({ locationId: 'S1', format: 'json' })}`, valuationHeaders)).json()) as Array<Record<string, unknown>>;
    expect(now.length).toBe(1_301);
    expect(now[0]).toEqual({ locationId: 'S1', sku: 'HOT', onHand: '-1000', inventoryValue: '-2000.0000', averageUnitCost: null, inTransit: '0', inTransitValue: '0.0000', valuationMethod: 'moving-average' });
    expect(now[1]).toMatchObject({ sku: 'SKU-00000', onHand: '10', inventoryValue: '13.3330', averageUnitCost: '1.3333' });

    const before = await get(`/v1/exports/valuation?${query({ locationId: 'S1', asOf: `${DAY}T09:00:00Z`, format: 'ndjson' })}`, valuationHeaders);
    const asOf = (await before.text()).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(asOf.length).toBe(1_301);
    // The sales are dated at noon: at nine only the receipts were there.
    expect(asOf[0]).toEqual({ locationId: 'S1', sku: 'HOT', onHand: '100', inventoryValue: '200.0000', averageUnitCost: '2.0000', inTransit: '0', inTransitValue: '0.0000', valuationMethod: 'moving-average' });
    const dawn = (await (await get(`/v1/exports/valuation?${query({ asOf: `${DAY}T00:00:00Z`, format: 'ndjson' })}`, valuationHeaders)).text()).trim().split('\n');
    expect(dawn.map((line) => (JSON.parse(line) as { onHand: string }).onHand)).toEqual(Array(2_504).fill('0'));
  });

  it("streams a key's whole history and a location's movements recorded in a range, each over several pages", async () => {
    const key = (await (await get(`/v1/exports/history?${query({ locationId: 'S1', sku: 'HOT', format: 'ndjson' })}`)).text()).trim().split('\n');
    const movements = key.map((line) => JSON.parse(line) as Record<string, string>);
    expect(movements.map((movement) => movement['balanceVersion'])).toEqual(Array.from({ length: HOT_SALES + 1 }, (_, index) => String(index + 1)));
    expect(movements[HOT_SALES]).toMatchObject({ kind: 'sale', quantityDelta: '-1', onHandAfter: String(100 - HOT_SALES) });

    const range = query({ locationId: 'S1', from: writtenFrom.toISOString(), to: writtenTo.toISOString(), format: 'csv' });
    const records = (await (await get(`/v1/exports/history?${range}`)).text()).split('\r\n').slice(1, -1);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.movement WHERE location_id = 'S1'`);
    expect(records.length).toBe(rows[0].n);
    expect(records.length).toBeGreaterThan(2 * EXPORT_PAGE_ROWS);
    expect(records.some((record) => record.includes(`,"'=HYPERLINK(""http://x"",""y""),1",receipt,`))).toBe(true);
    const empty = await get(`/v1/exports/history?${query({ locationId: 'S1', from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z', format: 'json' })}`);
    expect(await empty.json()).toEqual([]);
  });

  it('gives the connection back when the client leaves part way', async () => {
    const range = query({ locationId: 'S1', from: writtenFrom.toISOString(), to: writtenTo.toISOString(), format: 'ndjson' });
    // As many clients leaving as there are slots for exports that hold a connection.
    for (let leaving = 0; leaving < 2; leaving += 1) {
      const controller = new AbortController();
      const response = await fetch(`${ledger.url}/v1/exports/history?${range}`, { headers: stockHeaders, signal: controller.signal });
      await response.body!.getReader().read();
      controller.abort();
    }
    await waitFor(
      async () => (await db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`)).rowCount === 0,
      { timeoutMs: 30_000, description: 'no transaction left open by the export' },
    );
    expect((await get(`/v1/exports/stock?${query({ locationId: 'S2', format: 'ndjson' })}`)).status).toBe(200);
    // Its slot among the exports that hold a connection was given back too: more of them than the slots still run.
    for (let again = 0; again < 3; again += 1) {
      const whole = await get(`/v1/exports/history?${range}`);
      expect(whole.status).toBe(200);
      await whole.text();
    }
  });

  it('refuses bad input with the field and the reason', async () => {
    const refusal = async (path: string, headers = stockHeaders) => {
      const response = await get(path, headers);
      return { status: response.status, body: (await response.json()) as { code: string; errors: Array<{ path: string; message: string }> } };
    };
    expect(await refusal('/v1/exports/stock?locationId=NOWHERE')).toMatchObject({ status: 404, body: { code: 'LEDGER.UNKNOWN_LOCATION', errors: [{ path: 'locationId' }] } });
    expect(await refusal('/v1/exports/valuation?locationId=NOWHERE', valuationHeaders)).toMatchObject({ status: 404, body: { code: 'LEDGER.UNKNOWN_LOCATION' } });
    expect(await refusal('/v1/exports/stock?format=xlsx')).toMatchObject({ status: 400, body: { code: 'LEDGER.INVALID_QUERY', errors: [{ path: 'format', message: 'must be one of csv, ndjson, json' }] } });
    expect(await refusal(`/v1/exports/history?${query({ locationId: 'S1', from: '2026-11-20T00:00:00Z', to: '2026-11-19T00:00:00Z' })}`)).toMatchObject({
      status: 400,
      body: { errors: [{ path: 'to', message: 'must be after from' }] },
    });
    expect(await refusal(`/v1/exports/history?${query({ locationId: 'S1', from: '2026-01-01T00:00:00Z', to: '2026-11-19T00:00:00Z' })}`)).toMatchObject({
      status: 400,
      body: { errors: [{ path: 'to', message: 'must be within 31 days of from' }] },
    });
    expect(await refusal(`/v1/exports/history?${query({ locationId: 'S1', from: 'yesterday', to: '2026-11-19T00:00:00Z' })}`)).toMatchObject({ status: 400, body: { errors: [{ path: 'from' }] } });
    expect(await refusal(`/v1/exports/history?${query({ locationId: 'S1' })}`)).toMatchObject({ status: 400, body: { errors: [{ path: 'from', message: 'is required without sku' }] } });
    expect(await refusal(`/v1/exports/history?${query({ locationId: 'NOWHERE', from: writtenFrom.toISOString(), to: writtenTo.toISOString() })}`)).toMatchObject({ status: 404, body: { code: 'LEDGER.UNKNOWN_LOCATION' } });
    expect(await refusal(`/v1/exports/history?${query({ locationId: 'S1', sku: 'NONE' })}`)).toMatchObject({ status: 404, body: { code: 'LEDGER.NO_STOCK_RECORD' } });
    expect(await refusal(`/v1/exports/valuation?${query({ asOf: 'soon' })}`, valuationHeaders)).toMatchObject({ status: 400, body: { errors: [{ path: 'asOf' }] } });
  });

  it('is not given without the scope', async () => {
    expect((await get('/v1/exports/stock', {})).status).toBe(401);
    expect((await get('/v1/exports/valuation', stockHeaders)).status).toBe(403);
    expect((await get('/v1/exports/stock', valuationHeaders)).status).toBe(403);
    expect((await get(`/v1/exports/history?${query({ locationId: 'S1', sku: 'HOT' })}`, valuationHeaders)).status).toBe(403);
  });
});

function receipt(movementId: string, sku: string, locationId: string, quantity: number, unitCost: string): InventoryMovementV1 {
  return { movementId, kind: 'receipt', sku, locationId, quantity, unitCost, occurredAt: `${DAY}T06:00:00.000Z`, source: { system: 'erp', documentId: movementId } };
}

function sale(movementId: string, sku: string, locationId: string): InventoryMovementV1 {
  return {
    movementId,
    kind: 'sale',
    sku,
    locationId,
    quantity: 1,
    occurredAt: `${DAY}T12:00:00.000Z`,
    source: { system: 'pos', storeId: locationId, terminalId: 'T1', transactionId: movementId, lineNumber: 1 },
  };
}
