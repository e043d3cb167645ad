// Bulk CSV files over real HTTP, against the real broker and database: an opening-stock file and a
// count sheet are read line by line, each wrong line reported with its line, column and reason and
// the others put on the movements topic; the same file again is all duplicates; a bad header, a
// file that is not UTF-8, one beyond the size limit and another store's location are each refused
// with their own 4xx.
import { issueCredential } from '@ledgerline/testing';
import { ADMIN_API_KEY, PosIngestionHarness, post, type RunningService } from './pos-ingestion-harness';

jest.setTimeout(120_000);

describe('pos-ingestion CSV imports (real Kafka and PostgreSQL)', () => {
  const harness = new PosIngestionHarness('pos-csv');
  let service: RunningService;
  let erp: string;
  let staffS1: string;

  beforeAll(async () => {
    await harness.setUp({ CSV_UPLOAD_MAX_BYTES: '200000' });
    service = await harness.start();
    for (const storeId of ['S1', 'S2']) await post(service.url, '/v1/admin/stores', { storeId }, ADMIN_API_KEY);
    erp = await issueCredential(service.url, ADMIN_API_KEY, ['movements:write'], 'ERP');
    staffS1 = String((await post(service.url, '/v1/admin/api-keys', { storeId: 'S1', purpose: 'store-operations' }, ADMIN_API_KEY)).body['apiKey']);
    await harness.publishCatalog(service, { skus: ['A', ...Array.from({ length: 2_500 }, (_, index) => `SKU-${index}`)], locations: ['S1', 'S2'] });
  });

  afterAll(async () => {
    await service?.app.close();
    await harness.tearDown();
  });

  async function upload(path: string, body: string | Buffer, key: string, contentType = 'text/csv; charset=utf-8') {
    const response = await fetch(`${service.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': contentType }, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('takes an opening-stock file line by line, reports each wrong line, and answers the same file again as duplicates', async () => {
    const good = Array.from({ length: 2_500 }, (_, index) => `SKU-${index},${index + 1},1.2500`);
    const file = ['sku,quantity,unitCost', ...good.slice(0, 1_200), 'BAD-QTY,1.5,1.00', 'BAD-COST,3,-2', 'ONLY-ONE-FIELD', ...good.slice(1_200), ''].join('\r\n');
    const path = '/v1/imports/opening-stock?locationId=S1&importId=OPEN-S1&occurredAt=2026-12-01T06:00:00Z';
    const first = await upload(path, file, erp);
    expect(first).toMatchObject({ status: 200, body: { lines: 2_503, accepted: 2_500, duplicates: 0, rejected: 3, errorsTruncated: false } });
    expect(first.body['errors']).toEqual([
      { line: 1_202, column: 'quantity', code: 'CSV.INVALID_VALUE', message: 'quantity must be a whole number, it is "1.5"' },
      expect.objectContaining({ line: 1_203, column: 'unitCost', code: 'CSV.INVALID_VALUE' }),
      expect.objectContaining({ line: 1_204, column: null, code: 'CSV.WRONG_FIELD_COUNT' }),
    ]);
    // Answered only once Kafka acknowledged: every line's movement is marked published.
    const [published] = (await service.dataSource.query(
      `SELECT count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published, count(*)::int AS recorded FROM pos_ingestion.movement_request WHERE movement_id LIKE 'opening:OPEN-S1:%'`,
    )) as Array<{ published: number; recorded: number }>;
    expect(published).toEqual({ published: 2_500, recorded: 2_500 });

    expect(await upload(path, file, erp)).toMatchObject({ status: 200, body: { accepted: 0, duplicates: 2_500, rejected: 3 } });
    // The same upload id with a line changed: that line is a conflict, the others duplicates.
    const changed = ['sku,quantity,unitCost', 'SKU-0,7,1.2500', 'SKU-1,2,1.2500'].join('\n');
    expect(await upload(path, changed, erp)).toMatchObject({ status: 200, body: { duplicates: 1, rejected: 1, errors: [{ line: 2, column: 'sku', code: 'MOVEMENTS.CONFLICT' }] } });
  });

  it('takes a count sheet from the store staff of its store only', async () => {
    const sheet = 'sku,countedQuantity\nSKU-0,0\nSKU-1,5\n';
    expect(await upload('/v1/imports/count-sheet?locationId=S1&importId=CNT-1&occurredAt=2026-12-02T20:00:00Z', sheet, staffS1)).toMatchObject({ status: 200, body: { accepted: 2 } });
    expect(await upload('/v1/imports/count-sheet?locationId=S1&importId=CNT-1&occurredAt=2026-12-02T20:00:00Z', sheet, staffS1)).toMatchObject({ status: 200, body: { duplicates: 2 } });
    // The topic holds the opening stock's thousands of movements before these: the published record is read instead.
    const rows = (await service.dataSource.query(
      `SELECT payload, published_at IS NOT NULL AS published FROM pos_ingestion.movement_request WHERE movement_id = 'count:CNT-1:SKU-1'`,
    )) as Array<{ payload: unknown; published: boolean }>;
    expect(rows).toEqual([{ published: true, payload: expect.objectContaining({ kind: 'count', countedQuantity: 5, countId: 'CNT-1', locationId: 'S1' }) }]);
    const other = await upload('/v1/imports/count-sheet?locationId=S2&importId=CNT-2&occurredAt=2026-12-02T20:00:00Z', sheet, staffS1);
    const unknown = await upload('/v1/imports/count-sheet?locationId=S9&importId=CNT-2&occurredAt=2026-12-02T20:00:00Z', sheet, staffS1);
    expect(other).toMatchObject({ status: 403, body: { code: 'MOVEMENTS.STORE_MISMATCH' } });
    expect(unknown.status).toBe(403);
  });

  it.each<[string, string | Buffer, string, number, string]>([
    ['a bad header', 'sku;countedQuantity\nA;1\n', 'text/csv', 422, 'CSV.BAD_HEADER'],
    ['an empty file', '', 'text/csv', 422, 'CSV.BAD_HEADER'],
    ['a file that is not UTF-8', Buffer.from('sku,countedQuantity\nCAF\xC9,1\n', 'latin1'), 'text/csv', 415, 'CSV.NOT_UTF8'],
    ['a file declared in another charset', 'sku,countedQuantity\n', 'text/csv; charset=iso-8859-1', 415, 'CSV.NOT_UTF8'],
    ['JSON instead of CSV', '{}', 'application/json', 415, 'HTTP.UNSUPPORTED_MEDIA_TYPE'],
    ['a file beyond the size limit', `sku,countedQuantity\n${'A,1\n'.repeat(60_000)}`, 'text/csv', 413, 'CSV.TOO_LARGE'],
  ])('refuses %s', async (_what, body, contentType, status, code) => {
    expect(await upload('/v1/imports/count-sheet?locationId=S1&importId=CNT-BAD&occurredAt=2026-12-02T20:00:00Z', body, erp, contentType)).toMatchObject({ status, body: { code } });
  });

  it('refuses an unknown location and an unknown kind', async () => {
    expect(await upload('/v1/imports/count-sheet?locationId=NOWHERE&importId=C&occurredAt=2026-12-02T20:00:00Z', 'sku,countedQuantity\n', erp)).toMatchObject({ status: 422, body: { code: 'MOVEMENTS.UNKNOWN_LOCATION' } });
    expect(await upload('/v1/imports/stock-take?locationId=S1&importId=C', 'sku\n', erp)).toMatchObject({ status: 404, body: { code: 'CSV.UNKNOWN_IMPORT' } });
    expect(await upload('/v1/imports/count-sheet?locationId=S1&importId=C', 'sku,countedQuantity\n', erp)).toMatchObject({ status: 422, body: { errors: [{ path: 'occurredAt' }] } });
  });
});
