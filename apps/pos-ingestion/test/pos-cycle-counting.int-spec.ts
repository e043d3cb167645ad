// The cycle-counting program over real HTTP, against the real broker and database: acting as the
// ledger, the test publishes stock-changed events (one of them twice); pos-ingestion follows them
// into its signals, makes a location's list once a day (riskiest first, within the budget), takes
// blind counts, asks for a recount, holds a count for approval, posts each count movement once
// and keeps the record accuracy per day. Every bad input gets its own 4xx.
import type { StockChangedV1 } from '@ledgerline/contracts';
import { issueCredential, waitFor } from '@ledgerline/testing';
import { ADMIN_API_KEY, PosIngestionHarness, countBy, get, post, type LedgerStandIn, type RunningService } from './pos-ingestion-harness';

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;

describe('pos-ingestion cycle counting (real Kafka and PostgreSQL)', () => {
  const harness = new PosIngestionHarness('pos-counting');
  let service: RunningService;
  let ledger: LedgerStandIn;
  let staffS1: string;
  let staffS1KeyId: string;
  let reviewer: string;
  let erp: string;
  let dashboard: string;
  const today = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const versions = new Map<string, number>();

  /** A stock-changed event as the ledger would publish it after one movement. */
  function stockChanged(sku: string, kind: StockChangedV1['kind'], movementId: string, quantityDelta: number, onHand: number, averageUnitCost: string): StockChangedV1 {
    const balanceVersion = (versions.get(sku) ?? 0) + 1;
    versions.set(sku, balanceVersion);
    return {
      movementId, kind, sku, locationId: 'S1', quantityDelta, onHand, inTransit: 0, onOrder: 0,
      inventoryValue: '0', averageUnitCost, balanceVersion, costOfGoodsSold: '0', occurredAt: at, appliedAt: at,
    };
  }

  const publish = (events: StockChangedV1[]) => ledger.publish(events);

  beforeAll(async () => {
    await harness.setUp({ COUNT_DAILY_BUDGET: '3' });
    service = await harness.start();
    for (const storeId of ['S1', 'S2']) await post(service.url, '/v1/admin/stores', { storeId }, ADMIN_API_KEY);
    const staffKey = (await post(service.url, '/v1/admin/api-keys', { storeId: 'S1', purpose: 'store-operations', label: 'S1 back office' }, ADMIN_API_KEY)).body;
    staffS1 = String(staffKey['apiKey']);
    staffS1KeyId = String(staffKey['keyId']);
    reviewer = await issueCredential(service.url, ADMIN_API_KEY, ['counts:review'], 'inventory control');
    erp = await issueCredential(service.url, ADMIN_API_KEY, ['movements:write'], 'ERP');
    dashboard = await issueCredential(service.url, ADMIN_API_KEY, ['counts:read'], 'ops dashboard');
    ledger = await harness.ledgerStandIn();
  });

  afterAll(async () => {
    await ledger?.disconnect();
    await service?.app.close();
    await harness.tearDown();
  });

  const signalQuery = (sql: string) => service.dataSource.query(sql.replaceAll('$schema', `"${harness.config.DATABASE_SCHEMA}"`));

  it('lists the riskiest keys blind, recounts, holds for approval, posts each count once, and keeps the record accuracy', async () => {
    const bigReceipt = stockChanged('BIG', 'receipt', 'erp:GR-1:BIG', 100, 100, '10.0000');
    const bigSale = stockChanged('BIG', 'sale', 'pos:S1:T2:1', -20, 80, '10.0000');
    await publish([
      bigReceipt,
      bigSale,
      stockChanged('OK1', 'receipt', 'erp:GR-1:OK1', 60, 60, '1.0000'),
      stockChanged('OK1', 'sale', 'pos:S1:T3:1', -10, 50, '1.0000'),
      stockChanged('NEG', 'sale', 'pos:S1:T4:1', -1, -1, '5.0000'),
      stockChanged('SHRINK', 'receipt', 'erp:GR-1:SHRINK', 10, 10, '2.0000'),
      stockChanged('SHRINK', 'adjustment', 'erp:ADJ-7', -3, 7, '2.0000'),
      stockChanged('QUIET', 'receipt', 'erp:GR-1:QUIET', 10, 10, '3.0000'),
    ]);
    await publish([bigSale]); // a redelivery: its units are not counted twice
    await waitFor(async () => (await signalQuery(`SELECT sum(balance_version)::int AS v FROM $schema.count_signal WHERE location_id = 'S1'`))[0]?.v === 8, {
      timeoutMs: 60_000,
      description: 'the signals of every stock-changed event',
    });
    expect(await signalQuery(`SELECT sum(units_sold)::int AS sold FROM $schema.count_signal_day WHERE location_id = 'S1' AND sku = 'BIG'`)).toEqual([{ sold: 20 }]);

    // Negative and sold while empty (100 points), then A-class BIG (45) over shrinking SHRINK (40).
    const made = await post(service.url, `/v1/locations/S1/count-lists/${today}`, {}, staffS1);
    expect(made.status).toBe(200);
    const listId = String(made.body['listId']);
    expect((made.body['items'] as Array<{ sku: string }>).map((item) => item.sku)).toEqual(['NEG', 'BIG', 'SHRINK']);
    expect(JSON.stringify(made.body)).not.toMatch(/book|onHand|risk|reasons/i);
    expect((await post(service.url, `/v1/locations/S1/count-lists/${today}`, {}, staffS1)).body).toEqual(made.body);

    // First counts: BIG agrees with the book (80); SHRINK (book 7) and NEG (book -1) are off.
    const first = await post(service.url, `/v1/count-lists/${listId}/counts`, { lines: [{ sku: 'BIG', countedQuantity: 80 }, { sku: 'SHRINK', countedQuantity: 5 }, { sku: 'NEG', countedQuantity: 0 }] }, staffS1);
    expect(first).toMatchObject({ status: 200, body: { lines: [{ sku: 'BIG', status: 'posted' }, { sku: 'SHRINK', status: 'recount-requested' }, { sku: 'NEG', status: 'recount-requested' }] } });
    expect(JSON.stringify(first.body)).not.toMatch(/book|onHand|-1/);

    // Recounts: SHRINK 6 is within the approval limits and posted; NEG is still 100 % off and held.
    const recount = await post(service.url, `/v1/count-lists/${listId}/counts`, { lines: [{ sku: 'SHRINK', countedQuantity: 6 }, { sku: 'NEG', countedQuantity: 0 }] }, staffS1);
    expect(recount).toMatchObject({ status: 200, body: { lines: [{ sku: 'SHRINK', status: 'posted' }, { sku: 'NEG', status: 'awaiting-approval' }] } });

    // Counting staff cannot review; a reviewer sees the book and approves.
    expect(await post(service.url, `/v1/count-lists/${listId}/items/NEG/approve`, {}, staffS1)).toMatchObject({ status: 401 });
    expect(await post(service.url, `/v1/count-lists/${listId}/items/NEG/approve`, {}, erp)).toMatchObject({ status: 403 });
    const review = await get(service.url, `/v1/count-lists/${listId}/review`, reviewer);
    expect(review.status).toBe(200);
    // Who counted is kept with each count: the store key that posted the first count and the recount.
    expect((review.body as { items: unknown[] }).items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sku: 'NEG', status: 'awaiting-approval', bookQuantity: -1, firstCount: 0, recount: 0, countedBy: staffS1KeyId, recountedBy: staffS1KeyId, reviewedBy: null }),
        expect.objectContaining({ sku: 'BIG', countedBy: staffS1KeyId, recountedBy: null }),
      ]),
    );
    const reviewerKeyId = /^sk_([0-9a-f]{16})_/.exec(reviewer)![1];
    expect(await post(service.url, `/v1/count-lists/${listId}/items/NEG/approve`, {}, reviewer)).toMatchObject({
      status: 200,
      body: { status: 'posted', movementId: `count:${listId}:NEG`, countedBy: staffS1KeyId, recountedBy: staffS1KeyId, reviewedBy: reviewerKeyId },
    });
    expect(await post(service.url, `/v1/count-lists/${listId}/items/NEG/approve`, {}, reviewer)).toMatchObject({ status: 409, body: { code: 'COUNTS.NOT_AWAITING_APPROVAL' } });

    // Sent again unchanged (a retry): the same answers, and nothing new on the topic.
    expect(await post(service.url, `/v1/count-lists/${listId}/counts`, { lines: [{ sku: 'BIG', countedQuantity: 80 }] }, staffS1)).toMatchObject({ status: 200, body: { lines: [{ status: 'posted' }] } });
    const ids = ['BIG', 'SHRINK', 'NEG'].map((sku) => `count:${listId}:${sku}`);
    const movements = await harness.movementsUntil(ids, 30_000);
    expect([...countBy(movements.map((message) => message.movement.movementId)).entries()].filter(([id]) => ids.includes(id))).toEqual(expect.arrayContaining(ids.map((id) => [id, 1])));
    const counted = new Map(movements.map(({ movement }) => [movement.movementId, movement.kind === 'count' ? movement.countedQuantity : null]));
    expect(ids.map((id) => counted.get(id))).toEqual([80, 6, 0]);

    // Only BIG's book was within tolerance of its final count: 1 of 3.
    const accuracy = await get(service.url, `/v1/locations/S1/record-accuracy?from=${today}&to=${today}`, reviewer);
    expect(accuracy).toMatchObject({ status: 200, body: { days: [{ day: today, counted: 3, accurate: 1, accuracyPercent: '33.33' }], total: { counted: 3, accurate: 1 } } });

    // The operators' view (counts:read) of the day's list: why each item is listed, where it
    // stands and who counted, recounted and reviewed it, by label; no book or counted figure.
    const view = await get(service.url, `/v1/locations/S1/count-lists/${today}`, dashboard);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ listId, locationId: 'S1', day: today, statuses: { open: 0, recount: 0, 'awaiting-approval': 0, posted: 3 } });
    const counter = { keyId: staffS1KeyId, label: 'S1 back office' };
    expect((view.body as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ sku: 'NEG', position: 1, reasons: expect.arrayContaining(['negative-on-hand']), status: 'posted', countedBy: counter, recountedBy: counter, reviewedBy: { keyId: reviewerKeyId, label: 'inventory control' } }),
      expect.objectContaining({ sku: 'BIG', position: 2, abcClass: 'A', status: 'posted', countedBy: counter, recountedBy: null, reviewedBy: null }),
      expect.objectContaining({ sku: 'SHRINK', position: 3, reasons: expect.arrayContaining(['shrinkage-adjustments']), status: 'posted', countedBy: counter, recountedBy: counter }),
    ]);
    expect(JSON.stringify(view.body)).not.toMatch(/bookQuantity|firstCount|unitValue|withinTolerance/);
    // The same credential reads but never counts, reviews or makes a list.
    expect(await get(service.url, `/v1/count-lists/${listId}/review`, dashboard)).toMatchObject({ status: 403 });
    expect(await post(service.url, `/v1/locations/S1/count-lists/${today}`, {}, dashboard)).toMatchObject({ status: 403 });
    expect(await post(service.url, `/v1/count-lists/${listId}/counts`, { lines: [{ sku: 'BIG', countedQuantity: 80 }] }, dashboard)).toMatchObject({ status: 403 });
  });

  it("answers the operators' view of a day without a list, or of a bad day, with its own 4xx", async () => {
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
    expect(await get(service.url, `/v1/locations/S1/count-lists/${yesterday}`, dashboard)).toMatchObject({ status: 404, body: { code: 'COUNTS.UNKNOWN_LIST' } });
    expect(await get(service.url, '/v1/locations/S1/count-lists/2026-02-30', dashboard)).toMatchObject({ status: 422, body: { code: 'COUNTS.INVALID_DAY', errors: [{ path: 'day' }] } });
    // Reading never makes a list: the day is still without one.
    expect(await get(service.url, `/v1/locations/S1/count-lists/${yesterday}`, dashboard)).toMatchObject({ status: 404 });
  });

  it('refuses another store, an unknown list or SKU, a negative quantity, a bad day and an unregistered location, each with its own answer', async () => {
    expect(await post(service.url, `/v1/locations/S2/count-lists/${today}`, {}, staffS1)).toMatchObject({ status: 403, body: { code: 'MOVEMENTS.STORE_MISMATCH' } });
    const s2 = await post(service.url, `/v1/locations/S2/count-lists/${today}`, {}, erp);
    expect(s2).toMatchObject({ status: 200, body: { locationId: 'S2', items: [] } });
    expect(await post(service.url, `/v1/count-lists/${String(s2.body['listId'])}/counts`, { lines: [{ sku: 'BIG', countedQuantity: 1 }] }, staffS1)).toMatchObject({ status: 403, body: { code: 'MOVEMENTS.STORE_MISMATCH' } });
    expect(await post(service.url, '/v1/count-lists/cc-19990101-S1/counts', { lines: [{ sku: 'BIG', countedQuantity: 1 }] }, staffS1)).toMatchObject({ status: 404, body: { code: 'COUNTS.UNKNOWN_LIST' } });
    const listId = String((await post(service.url, `/v1/locations/S1/count-lists/${today}`, {}, staffS1)).body['listId']);
    expect(await post(service.url, `/v1/count-lists/${listId}/counts`, { lines: [{ sku: 'QUIET', countedQuantity: 1 }] }, staffS1)).toMatchObject({
      status: 422,
      body: { code: 'COUNTS.UNKNOWN_SKU', errors: [{ path: 'lines[0].sku' }] },
    });
    expect(await post(service.url, `/v1/count-lists/${listId}/counts`, { lines: [{ sku: 'BIG', countedQuantity: -1 }] }, staffS1)).toMatchObject({
      status: 422,
      body: { code: 'INTAKE.VALIDATION_FAILED', errors: [{ path: expect.stringContaining('countedQuantity') }] },
    });
    expect(await post(service.url, `/v1/count-lists/${listId}/counts`, { lines: [{ sku: 'BIG', countedQuantity: 79 }] }, staffS1)).toMatchObject({ status: 409, body: { code: 'COUNTS.ALREADY_DECIDED' } });
    expect(await post(service.url, '/v1/locations/S1/count-lists/2026-02-30', {}, staffS1)).toMatchObject({ status: 422, body: { code: 'COUNTS.INVALID_DAY' } });
    expect(await post(service.url, '/v1/locations/S1/count-lists/2020-01-01', {}, staffS1)).toMatchObject({ status: 422, body: { code: 'COUNTS.INVALID_DAY', errors: [{ path: 'day' }] } });
    expect(await post(service.url, `/v1/locations/NOWHERE/count-lists/${today}`, {}, erp)).toMatchObject({ status: 422, body: { code: 'MOVEMENTS.UNKNOWN_LOCATION' } });
    expect(await get(service.url, `/v1/locations/S1/record-accuracy?from=${today}`, reviewer)).toMatchObject({ status: 422 });
  });
});
