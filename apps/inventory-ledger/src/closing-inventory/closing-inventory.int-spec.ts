// The closing inventory of a close against the real database and broker, through the running
// ledger's HTTP API: movements over several days (receipts, sales, losses, a transfer in transit,
// a method change after the closed day), the books closed, late movements dated before and after
// the closed day arriving while the closing inventory is built and after; the build interrupted
// after a page and resumed by a new builder; a second close built by a ledger starting; the report
// equal, exactly, to a model folded in the test from the movement rows by posting day, and
// unchanged by more late movements; the history checker proves the kept rows and names one
// changed or missing; refusals by field and code.
import { Client } from 'pg';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { closingInventoryViolations } from '@ledgerline/history-checker';
import { divideHalfEven, formatMoney, parseMoney } from '@ledgerline/money';
import { openServiceDatabase } from '@ledgerline/runtime';
import { waitFor } from '@ledgerline/testing';
import { adjustment, daysAgo, receipt, sale, transferOut } from '../../test/dated-movements';
import { startClosedPeriodLedger, type ClosedPeriodLedger } from '../../test/closed-period-ledger';
import type { RunningLedger } from '../../test/running-ledger';
import { ledgerConfigSchema, type LedgerConfig } from '../config/ledger.config';
import type { ValuationExportRow } from '../exports/export-columns';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { ClosingInventoryBuilder } from './closing-inventory-builder';

jest.setTimeout(120_000);

const SCHEMA = 'inventory_ledger';
const D1 = daysAgo(10);
const D2 = daysAgo(9);
const D3 = daysAgo(8);
const D4 = daysAgo(7);
/** The books are closed through D2. */
const CLOSED_THROUGH = D2;

describe('closing inventory (real PostgreSQL and Kafka, over HTTP)', () => {
  let fixture: ClosedPeriodLedger;
  let ledger: RunningLedger;
  let config: LedgerConfig;
  let db: Client;
  let finance: Record<string, string>;
  let reader: Record<string, string>;

  beforeAll(async () => {
    // Pages of two keys, and the running ledger's own builder rests 100 s after a page: the test's builders do the rest.
    fixture = await startClosedPeriodLedger('ledger-closing-inventory', {
      ledger: { CLOSING_INVENTORY_PAGE_KEYS: '2', CLOSING_INVENTORY_PAGES_PER_SECOND: '0.01' },
      writer: { CLOSING_INVENTORY_PAGE_KEYS: '2' },
    });
    ({ ledger, config, db, finance, reader } = fixture);

    await apply([
      receipt('grn-tea', 'TEA', 'S1', 20, '2.5000', `${D1}T08:00:00.000Z`),
      receipt('grn-cocoa', 'COCOA', 'S1', 10, '4.0000', `${D1}T08:00:00.000Z`),
      receipt('grn-tea-s2', 'TEA', 'S2', 5, '2.0000', `${D1}T08:00:00.000Z`),
      receipt('grn-salt', 'SALT', 'S3', 3, '0.3300', `${D1}T08:00:00.000Z`),
      receipt('grn-rice', 'RICE', 'S2', 7, '1.1100', `${D1}T09:00:00.000Z`),
      sale('sale-1', 'TEA', 'S1', 4, `${D1}T12:00:00.000Z`),
      receipt('grn-tea-2', 'TEA', 'S1', 6, '2.9000', `${D2}T08:00:00.000Z`),
      sale('sale-2', 'COCOA', 'S1', 2, `${D2}T12:00:00.000Z`),
      sale('sale-salt', 'SALT', 'S3', 3, `${D2}T12:00:00.000Z`),
      adjustment('lost-1', 'TEA', 'S1', -1, 'lost', `${D2}T15:00:00.000Z`),
      transferOut('tr-cocoa', 'COCOA', 'S1', 'S2', 3, `${D2}T16:00:00.000Z`),
      sale('sale-3', 'TEA', 'S1', 2, `${D3}T12:00:00.000Z`),
      receipt('grn-new', 'MATE', 'S1', 4, '5.0000', `${D3}T08:00:00.000Z`),
    ]);
    // A change of method dated after the closed day: the closing inventory names the method TEA had then.
    await ledger.publishCatalogItems([{ sku: 'TEA', description: 'Tea', unit: 'each', packSize: 1, lowStockThreshold: 3, active: true, updatedAt: `${D3}T07:00:00.000Z`, valuationMethod: 'fifo' }]);
    await waitFor(async () => (await db.query(`SELECT 1 FROM ${SCHEMA}.stock_balance WHERE sku = 'TEA' AND valuation_method = 'fifo' HAVING count(*) = 2`)).rows[0], {
      description: 'the method change to reach both TEA keys',
    });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  const apply = (movements: InventoryMovementV1[]) => fixture.apply(movements);

  const get = (query: Record<string, string>, headers = reader) => fetch(`${ledger.url}/v1/reports/closing-inventory?${new URLSearchParams(query)}`, { headers });

  const report = async (query: Record<string, string> = {}): Promise<ValuationExportRow[]> => {
    const response = await get({ through: CLOSED_THROUGH, format: 'json', ...query });
    expect(response.status).toBe(200);
    return (await response.json()) as ValuationExportRow[];
  };

  /** The closing inventory folded here from the movement rows, by posting day through `through`. */
  async function model(through = CLOSED_THROUGH): Promise<ValuationExportRow[]> {
    const { rows } = await db.query<{ sku: string; location_id: string; kind: string; quantity_delta: string; in_transit_delta: string; value_delta: string; in_transit_value_delta: string; method: string | null; booked: string; now_method: string }>(
      `SELECT m.sku, m.location_id, m.kind, m.quantity_delta::text, m.in_transit_delta::text, m.value_delta::text, m.in_transit_value_delta::text, m.payload->>'method' AS method,
              to_char(COALESCE(m.posting_day, (m.occurred_at AT TIME ZONE 'UTC')::date), 'YYYY-MM-DD') AS booked, b.valuation_method AS now_method
         FROM ${SCHEMA}.movement m JOIN ${SCHEMA}.stock_balance b USING (sku, location_id) ORDER BY m.sku, m.location_id, m.balance_version`,
    );
    const keys = new Map<string, { locationId: string; sku: string; onHand: bigint; inTransit: bigint; value: bigint; inTransitValue: bigint; movements: number; method: string | null; leftMethod: string | null; nowMethod: string }>();
    for (const row of rows) {
      const id = `${row.location_id}\u0000${row.sku}`;
      const key = keys.get(id) ?? { locationId: row.location_id, sku: row.sku, onHand: 0n, inTransit: 0n, value: 0n, inTransitValue: 0n, movements: 0, method: null, leftMethod: null, nowMethod: row.now_method };
      keys.set(id, key);
      const isChange = row.kind === 'valuation-method-change';
      if (row.booked > through) {
        if (isChange && key.leftMethod === null) key.leftMethod = row.method === 'fifo' ? 'moving-average' : 'fifo';
        continue;
      }
      key.movements += 1;
      key.onHand += BigInt(row.quantity_delta);
      key.inTransit += BigInt(row.in_transit_delta);
      key.value += parseMoney(row.value_delta);
      key.inTransitValue += parseMoney(row.in_transit_value_delta);
      if (isChange) key.method = row.method;
    }
    return [...keys.values()]
      .filter((key) => key.movements > 0)
      .sort((a, b) => (a.locationId === b.locationId ? (a.sku < b.sku ? -1 : 1) : a.locationId < b.locationId ? -1 : 1))
      .map((key) => ({
        locationId: key.locationId,
        sku: key.sku,
        onHand: String(key.onHand),
        inventoryValue: formatMoney(key.value),
        averageUnitCost: key.onHand > 0n ? formatMoney(divideHalfEven(key.value, key.onHand)) : null,
        inTransit: String(key.inTransit),
        inTransitValue: formatMoney(key.inTransitValue),
        valuationMethod: key.method ?? key.leftMethod ?? key.nowMethod,
      }));
  }

  it('is built after the close in pages, resumes where it stopped, and equals the movements booked through the closed day', async () => {
    const closed = await fetch(`${ledger.url}/v1/periods/close`, { method: 'POST', headers: finance, body: JSON.stringify({ through: CLOSED_THROUGH, reason: 'month end' }) });
    expect(closed.status).toBe(201);
    // The running ledger builds its first page at once, then rests.
    await waitFor(async () => (await db.query(`SELECT 1 FROM ${SCHEMA}.closing_inventory_build WHERE keys_done = 2`)).rows[0], { description: 'the first page' });

    // Late, while the build is under way: dated in the closed days and after them.
    await apply([sale('late-1', 'TEA', 'S1', 1, `${D1}T18:00:00.000Z`), adjustment('late-2', 'RICE', 'S2', -2, 'damaged', `${D2}T10:00:00.000Z`), sale('late-3', 'COCOA', 'S1', 1, `${D4}T10:00:00.000Z`)]);
    const pending = await get({ through: CLOSED_THROUGH });
    expect(pending.status).toBe(409);
    expect(await pending.json()).toMatchObject({ code: 'LEDGER.CLOSING_INVENTORY_PENDING', keysDone: 2, keysTotal: 7, errors: [{ path: 'through' }] });
    expect(await (await fetch(`${ledger.url}/v1/periods`, { headers: reader })).json()).toMatchObject({
      closes: [{ through: CLOSED_THROUGH, closingInventory: { ready: false, keysDone: 2, keysTotal: 7 } }],
    });

    // A builder of another instance runs one page and stops; a new one resumes after it.
    const firstDatabase = await openServiceDatabase(ledgerDatabaseOptions(config));
    const stopped = await new ClosingInventoryBuilder(firstDatabase, config).buildPage();
    expect(stopped).toMatchObject({ through: CLOSED_THROUGH, keysRead: 2, keysDone: 4, done: false });
    await firstDatabase.destroy();
    await apply([sale('late-4', 'SALT', 'S3', 1, `${D2}T19:00:00.000Z`), receipt('late-5', 'TEA', 'S2', 2, '3.0000', `${D1}T10:00:00.000Z`), sale('late-6', 'TEA', 'S2', 1, `${D4}T10:00:00.000Z`)]);
    const resumedDatabase = await openServiceDatabase(ledgerDatabaseOptions(config));
    try {
      const resumed = new ClosingInventoryBuilder(resumedDatabase, config);
      const pages = [];
      for (let page = await resumed.buildPage(); page !== undefined; page = await resumed.buildPage()) pages.push(page);
      expect(pages.map((page) => [page.keysRead, page.done])).toEqual([[2, false], [1, true]]);
      expect(pages.reduce((kept, page) => kept + page.rowsKept, 0)).toBe(3);
    } finally {
      await resumedDatabase.destroy();
    }

    const rows = await report();
    expect(rows).toEqual(await model());
    // Keys with movements booked by the closed day only; MATE came after it.
    expect(rows.map((row) => `${row.sku}@${row.locationId}`)).toEqual(['COCOA@S1', 'TEA@S1', 'COCOA@S2', 'RICE@S2', 'TEA@S2', 'SALT@S3']);
    expect(rows.find((row) => row.sku === 'TEA' && row.locationId === 'S1')).toMatchObject({ onHand: '21', valuationMethod: 'moving-average' });
    expect(rows.find((row) => row.sku === 'COCOA' && row.locationId === 'S2')).toMatchObject({ onHand: '0', inTransit: '3', averageUnitCost: null });
    expect(rows.find((row) => row.sku === 'SALT')).toMatchObject({ onHand: '0', inventoryValue: '0.0000', averageUnitCost: null });
    expect(rows.find((row) => row.sku === 'TEA' && row.locationId === 'S2')).toMatchObject({ onHand: '5', inventoryValue: '10.0000', averageUnitCost: '2.0000' });
    expect(await report({ locationId: 'S1' })).toEqual(rows.filter((row) => row.locationId === 'S1'));
    expect(await (await fetch(`${ledger.url}/v1/periods`, { headers: reader })).json()).toMatchObject({ closes: [{ closingInventory: { ready: true, keysDone: 7 } }] });
    expect(await closingInventoryViolations(db, SCHEMA)).toEqual([]);

    // More late movements change nothing of it.
    await apply([sale('late-7', 'COCOA', 'S1', 2, `${D1}T20:00:00.000Z`), receipt('late-8', 'RICE', 'S2', 5, '1.5000', `${D3}T10:00:00.000Z`)]);
    expect(await report()).toEqual(rows);
    expect(await model()).toEqual(rows);
    const csv = await (await get({ through: CLOSED_THROUGH, format: 'csv', locationId: 'S3' })).text();
    expect(csv.split(/\r?\n/).filter((line) => line !== '')).toEqual(['locationId,sku,onHand,inventoryValue,averageUnitCost,inTransit,inTransitValue,valuationMethod', 'S3,SALT,0,0.0000,,0,0.0000,moving-average']);
  });

  it('is built by a ledger that starts while a build is not done, beside the one resting, and counts what earlier closes booked on its day', async () => {
    const closed = await fetch(`${ledger.url}/v1/periods/close`, { method: 'POST', headers: finance, body: JSON.stringify({ through: D3, reason: 'week end' }) });
    expect(closed.status).toBe(201);
    // The running ledger's builder is still resting after its page of the first close: this build waits.
    const pending = await get({ through: D3 });
    expect(pending.status).toBe(409);
    expect(((await pending.json()) as { message: string }).message).toContain('(not started)');
    // Movements booked on D3 by the first close (dated in it, applied after it) count in this one.
    await apply([sale('late-9', 'TEA', 'S1', 1, `${D2}T21:00:00.000Z`)]);
    // A ledger starting: its builder, at the default pace, finds the close not built and builds it.
    const startingDatabase = await openServiceDatabase(ledgerDatabaseOptions(config));
    const starting = new ClosingInventoryBuilder(startingDatabase, ledgerConfigSchema.parse(ledger.database.serviceEnv(SCHEMA)));
    try {
      // While another instance holds the close's progress row (a page under way), there is nothing to claim.
      await db.query('BEGIN');
      await db.query(`SELECT 1 FROM ${SCHEMA}.closing_inventory_build WHERE NOT done FOR UPDATE`);
      expect(await starting.buildPage()).toBeUndefined();
      await db.query('ROLLBACK');
      starting.onApplicationBootstrap();
      await starting.idle();
      await starting.onApplicationShutdown();
    } finally {
      await startingDatabase.destroy();
    }
    expect((await db.query(`SELECT 1 FROM ${SCHEMA}.closing_inventory_build WHERE NOT done`)).rows).toEqual([]);
    const rows = await report({ through: D3 });
    expect(rows).toEqual(await model(D3));
    expect(rows.map((row) => row.sku)).toContain('MATE');
    expect(await closingInventoryViolations(db, SCHEMA)).toEqual([]);
  });

  it('is named by the history checker when a kept row changed or went missing', async () => {
    const ofFirstClose = `close_seq = (SELECT close_seq FROM ${SCHEMA}.period_close WHERE through = '${CLOSED_THROUGH}')`;
    await db.query(`UPDATE ${SCHEMA}.closing_inventory SET on_hand = on_hand + 1 WHERE sku = 'RICE' AND ${ofFirstClose}`);
    try {
      expect(await closingInventoryViolations(db, SCHEMA)).toEqual([expect.stringContaining(`closing inventory through ${CLOSED_THROUGH}: RICE@S2 (on hand, in transit, value, in-transit value, movements) is`)]);
    } finally {
      await db.query(`UPDATE ${SCHEMA}.closing_inventory SET on_hand = on_hand - 1 WHERE sku = 'RICE' AND ${ofFirstClose}`);
    }
    const { rows: [kept] } = await db.query(`DELETE FROM ${SCHEMA}.closing_inventory WHERE sku = 'SALT' AND ${ofFirstClose} RETURNING *`);
    try {
      expect(await closingInventoryViolations(db, SCHEMA)).toEqual([expect.stringMatching(/SALT@S3 has movements booked by then .* but no row/)]);
    } finally {
      const columns = Object.keys(kept as object);
      await db.query(`INSERT INTO ${SCHEMA}.closing_inventory (${columns.join(', ')}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})`, Object.values(kept as object));
    }
    expect(await closingInventoryViolations(db, SCHEMA)).toEqual([]);
  });

  it('refuses a bad day or format, a day no close is through, an unknown location and a missing scope', async () => {
    const refusal = async (query: Record<string, string>, status: number, headers = reader) => {
      const response = await get(query, headers);
      expect(response.status).toBe(status);
      return (await response.json()) as { code: string; message: string; errors?: Array<{ path: string }> };
    };
    expect(await refusal({}, 400)).toMatchObject({ code: 'LEDGER.INVALID_QUERY', errors: [{ path: 'through' }] });
    expect(await refusal({ through: '2026-02-30' }, 400)).toMatchObject({ code: 'LEDGER.INVALID_QUERY', errors: [{ path: 'through' }] });
    expect(await refusal({ through: CLOSED_THROUGH, format: 'xml' }, 400)).toMatchObject({ code: 'LEDGER.INVALID_QUERY', errors: [{ path: 'format' }] });
    const notClosed = await refusal({ through: D1 }, 404);
    expect(notClosed).toMatchObject({ code: 'LEDGER.NO_CLOSE_THROUGH_DAY', errors: [{ path: 'through' }] });
    expect(notClosed.message).toBe(`no close is through ${D1}: the books were closed through ${D3}, ${D2}`);
    expect(await refusal({ through: CLOSED_THROUGH, locationId: 'NOWHERE' }, 404)).toMatchObject({ code: 'LEDGER.UNKNOWN_LOCATION', errors: [{ path: 'locationId' }] });
    expect((await get({ through: CLOSED_THROUGH }, ledger.stockReaderHeaders)).status).toBe(403);
  });
});
