// Closed periods against the real database and broker, through the running ledger's HTTP API:
// the books closed through a day; movements dated before it afterwards (a sale, an adjustment, a
// landed cost) leave the closed days' report exactly as it was and show on the first open day,
// keeping their business time; a valuation method change dated in the closed period is
// dead-lettered with LEDGER.PERIOD_CLOSED and nothing of it applied; a close waits for a batch
// in flight and keeps its figures, a batch planned before a close is planned again, and batches
// racing a close leave every figure equal to its movements; the history checker proves the
// closed days unchanged and names one that changed; bad closes are refused by field and code.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants, closedPeriodViolations } from '@ledgerline/history-checker';
import { issueCredential, waitFor } from '@ledgerline/testing';
import { ERP_DOCUMENT, adjustment, daysAgo, receipt, sale } from '../../test/dated-movements';
import { startClosedPeriodLedger, type ClosedPeriodLedger } from '../../test/closed-period-ledger';
import type { RunningLedger } from '../../test/running-ledger';
import { ClosedThroughChanged, LedgerSql } from '../persistence/ledger-sql';
import type { PeriodReportRow } from '../valuation/period-report-sql';

jest.setTimeout(120_000);

const SCHEMA = 'inventory_ledger';
const D1 = daysAgo(10);
const D2 = daysAgo(9);
const D3 = daysAgo(8);
const D4 = daysAgo(7);
const source = ERP_DOCUMENT;

describe('closed periods (real PostgreSQL and Kafka, over HTTP)', () => {
  let fixture: ClosedPeriodLedger;
  let ledger: RunningLedger;
  let writerDatabase: DataSource;
  let db: Client;
  let finance: Record<string, string>;
  let reader: Record<string, string>;
  let financeKeyId: string;

  beforeAll(async () => {
    fixture = await startClosedPeriodLedger('ledger-closed-periods');
    ({ ledger, writerDatabase, db, finance, reader } = fixture);
    financeKeyId = fixture.financeCredential.split('_')[1]!;

    await apply([
      receipt('grn-tea', 'TEA', 'S1', 20, '2.5000', `${D1}T08:00:00.000Z`),
      receipt('grn-cocoa', 'COCOA', 'S1', 10, '4.0000', `${D1}T08:00:00.000Z`),
      receipt('grn-tea-s2', 'TEA', 'S2', 5, '2.0000', `${D1}T08:00:00.000Z`),
      sale('sale-1', 'TEA', 'S1', 4, `${D1}T12:00:00.000Z`),
      sale('sale-2', 'COCOA', 'S1', 2, `${D2}T12:00:00.000Z`),
      adjustment('lost-1', 'TEA', 'S1', -1, 'lost', `${D2}T15:00:00.000Z`),
    ]);
  });

  afterAll(async () => {
    await fixture?.close();
  });

  const apply = (movements: InventoryMovementV1[], beforeCommit?: () => Promise<void>) => fixture.apply(movements, beforeCommit);

  const close = (body: unknown) => fetch(`${ledger.url}/v1/periods/close`, { method: 'POST', headers: finance, body: JSON.stringify(body) });

  const report = async (from: string, to: string) => {
    const response = await fetch(`${ledger.url}/v1/reports/period?${new URLSearchParams({ from, to, format: 'ndjson' })}`, { headers: reader });
    expect(response.status).toBe(200);
    return (await response.text()).split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as PeriodReportRow);
  };

  /** The report's cost of goods sold and adjustments summed directly over the movements, by posting day. */
  async function summedByPostingDay(from: string, to: string): Promise<PeriodReportRow[]> {
    const day = `to_char(COALESCE(posting_day, (occurred_at AT TIME ZONE 'UTC')::date), 'YYYY-MM-DD')`;
    const { rows } = await db.query<PeriodReportRow>(
      `SELECT * FROM (
         SELECT ${day} AS period, location_id AS "locationId", 'cost-of-goods-sold' AS measure, NULL AS "reasonCode", NULL AS quantity,
                SUM(cost_of_goods_sold)::numeric(24,4)::text AS value, NULL AS movements
           FROM ${SCHEMA}.movement GROUP BY 1, 2 HAVING SUM(cost_of_goods_sold) <> 0
         UNION ALL
         SELECT ${day}, location_id, 'adjustment', payload->>'reasonCode', SUM(quantity_delta)::text, SUM(value_delta)::numeric(24,4)::text, count(*)::text
           FROM ${SCHEMA}.movement WHERE kind = 'adjustment' GROUP BY 1, 2, 4) AS r
        WHERE period BETWEEN $1 AND $2 ORDER BY 1, 2, 3, 4`,
      [from, to],
    );
    return rows;
  }

  const withoutLandedCosts = (rows: PeriodReportRow[]) => rows.filter((row) => !row.measure.startsWith('landed-cost'));

  it('closes through a day, keeps the closed days as they were and books late movements on the first open day', async () => {
    const before = await report(D1, D2);
    expect(before.length).toBeGreaterThan(0);

    const closed = await close({ through: D2, reason: 'month end' });
    expect(closed.status).toBe(201);
    expect(await closed.json()).toMatchObject({ through: D2, previousThrough: null, reason: 'month end', closedBy: financeKeyId });
    const periods = await fetch(`${ledger.url}/v1/periods`, { headers: reader });
    expect(periods.status).toBe(200);
    expect(await periods.json()).toMatchObject({ closedThrough: D2, closes: [{ through: D2, reason: 'month end', closedBy: financeKeyId }] });

    // Late: a sale and a write-off dated in the closed period, freight for a closed day's receipt, and a sale on an open day.
    await apply([
      sale('late-sale', 'TEA', 'S1', 3, `${D1}T18:00:00.000Z`),
      adjustment('late-damage', 'COCOA', 'S1', -2, 'damaged', `${D2}T18:00:00.000Z`),
      { movementId: 'late-freight', kind: 'landed-cost', sku: 'TEA', locationId: 'S1', receiptMovementId: 'grn-tea', amount: '4.0000', costType: 'freight', occurredAt: `${D1}T20:00:00.000Z`, source },
      sale('open-sale', 'TEA', 'S2', 1, `${D3}T10:00:00.000Z`),
    ]);

    expect(await report(D1, D2)).toEqual(before);
    const firstOpenDay = await report(D3, D3);
    expect(withoutLandedCosts(firstOpenDay)).toEqual(await summedByPostingDay(D3, D3));
    expect(firstOpenDay).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ period: D3, locationId: 'S1', measure: 'cost-of-goods-sold' }),
        expect.objectContaining({ period: D3, locationId: 'S1', measure: 'adjustment', reasonCode: 'damaged', quantity: '-2', movements: '1' }),
        expect.objectContaining({ period: D3, locationId: 'S1', measure: 'landed-cost-revaluation', reasonCode: 'freight', movements: '1' }),
        expect.objectContaining({ period: D3, locationId: 'S2', measure: 'cost-of-goods-sold' }),
      ]),
    );
    // The movements keep their business time; only the day their figures were booked on is recorded.
    const { rows } = await db.query<{ movement_id: string; occurred: string; posting: string | null }>(
      `SELECT movement_id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS occurred, to_char(posting_day, 'YYYY-MM-DD') AS posting
         FROM ${SCHEMA}.movement WHERE movement_id IN ('late-sale', 'late-damage', 'late-freight', 'open-sale', 'sale-1') ORDER BY movement_id`,
    );
    expect(rows).toEqual([
      { movement_id: 'late-damage', occurred: D2, posting: D3 },
      { movement_id: 'late-freight', occurred: D1, posting: D3 },
      { movement_id: 'late-sale', occurred: D1, posting: D3 },
      { movement_id: 'open-sale', occurred: D3, posting: null },
      { movement_id: 'sale-1', occurred: D1, posting: null },
    ]);
    // The key's history says so too.
    const stockReader = { authorization: `Bearer ${await issueCredential(ledger.url, ledger.adminApiKey, ['stock:read'])}` };
    const history = await fetch(`${ledger.url}/v1/exports/history?${new URLSearchParams({ locationId: 'S1', sku: 'TEA', format: 'ndjson' })}`, { headers: stockReader });
    expect(history.status).toBe(200);
    const postingDays = (await history.text()).trim().split('\n').map((line) => JSON.parse(line) as { movementId: string; postingDay: string | null });
    expect(postingDays.filter((row) => row.postingDay !== null)).toEqual([
      expect.objectContaining({ movementId: 'late-sale', postingDay: D3 }),
      expect.objectContaining({ movementId: 'late-freight', postingDay: D3 }),
      expect.objectContaining({ movementId: 'late-freight:cogs-variance', causedByMovementId: 'late-freight', postingDay: D3 }),
    ]);
    expect((await checkLedgerInvariants(db, SCHEMA)).violations).toEqual([]);
  });

  it('dead-letters a valuation method change dated in the closed period with LEDGER.PERIOD_CLOSED and applies nothing of it', async () => {
    await ledger.publishCatalogItems([
      { sku: 'TEA', description: 'Tea', unit: 'each', packSize: 1, lowStockThreshold: 3, active: true, updatedAt: `${D1}T09:00:00.000Z`, valuationMethod: 'fifo' },
      // An item's first record, without keys: no key changes method, so its date is no matter.
      { sku: 'MATE', description: 'Mate', unit: 'each', packSize: 1, lowStockThreshold: 2, active: true, updatedAt: `${D1}T09:00:00.000Z`, valuationMethod: 'fifo' },
    ]);
    const letter = await waitFor(
      async () => (await db.query<{ reason_code: string; reason: string; errors: Array<{ path: string }> }>(`SELECT reason_code, reason, errors FROM ${SCHEMA}.dead_letter WHERE reason_code = 'LEDGER.PERIOD_CLOSED'`)).rows[0],
      { description: 'the method change to be dead-lettered' },
    );
    expect(letter.errors).toEqual([expect.objectContaining({ path: 'payload.updatedAt' })]);
    expect(letter.reason).toContain(`dated ${D1}`);
    expect(letter.reason).toContain(`closed through ${D2}`);
    await waitFor(async () => (await db.query(`SELECT 1 FROM ${SCHEMA}.item_setting WHERE sku = 'MATE' AND valuation_method = 'fifo'`)).rows[0], {
      description: 'the new item to be applied',
    });
    expect((await db.query(`SELECT 1 FROM ${SCHEMA}.item_setting WHERE sku = 'TEA'`)).rows).toEqual([]);
    expect((await db.query(`SELECT 1 FROM ${SCHEMA}.outbox WHERE payload::text LIKE '%valuation-method-change%'`)).rows).toEqual([]);
    expect((await db.query<{ valuation_method: string }>(`SELECT DISTINCT valuation_method FROM ${SCHEMA}.stock_balance WHERE sku = 'TEA'`)).rows).toEqual([{ valuation_method: 'moving-average' }]);
  });

  it('refuses a close through a closed or unended day, and bad input, by field and code', async () => {
    const refusal = async (body: unknown, status: number) => {
      const response = await close(body);
      expect(response.status).toBe(status);
      return (await response.json()) as { code: string; errors: Array<{ path: string }> };
    };
    expect(await refusal({ through: D2, reason: 'again' }, 409)).toMatchObject({ code: 'LEDGER.PERIOD_ALREADY_CLOSED', errors: [{ path: 'through' }] });
    expect(await refusal({ through: D1, reason: 'earlier' }, 409)).toMatchObject({ code: 'LEDGER.PERIOD_ALREADY_CLOSED' });
    expect(await refusal({ through: daysAgo(0), reason: 'today' }, 409)).toMatchObject({ code: 'LEDGER.PERIOD_NOT_ENDED', errors: [{ path: 'through' }] });
    expect(await refusal({ through: daysAgo(-3), reason: 'ahead' }, 409)).toMatchObject({ code: 'LEDGER.PERIOD_NOT_ENDED' });
    expect(await refusal({ reason: 'no day' }, 400)).toMatchObject({ code: 'LEDGER.INVALID_REQUEST', errors: [{ path: 'through' }] });
    expect(await refusal({ through: '2026-02-30', reason: 'no such day' }, 400)).toMatchObject({ code: 'LEDGER.INVALID_REQUEST', errors: [{ path: 'through' }] });
    expect(await refusal({ through: '2026/10/01', reason: 'format' }, 400)).toMatchObject({ code: 'LEDGER.INVALID_REQUEST', errors: [{ path: 'through' }] });
    expect(await refusal({ through: D3, reason: '  ' }, 400)).toMatchObject({ code: 'LEDGER.INVALID_REQUEST', errors: [{ path: 'reason' }] });
    expect((await refusal({ through: D3, reason: 'x', reopen: true }, 400)).code).toBe('LEDGER.INVALID_REQUEST');
    const forbidden = await fetch(`${ledger.url}/v1/periods/close`, { method: 'POST', headers: { ...reader, 'content-type': 'application/json' }, body: JSON.stringify({ through: D3, reason: 'reader' }) });
    expect(forbidden.status).toBe(403);
    expect(((await (await fetch(`${ledger.url}/v1/periods`, { headers: reader })).json()) as { closedThrough: string }).closedThrough).toBe(D2);
  });

  it('waits for a batch in flight, plans again a batch that read the day before a close, and keeps every figure equal to its movements when batches race a close', async () => {
    // A batch holding the shared period lock: the close waits for it, then keeps its figures on the day it closes.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inFlight = apply([sale('in-flight', 'COCOA', 'S1', 1, `${D3}T11:00:00.000Z`)], () => gate);
    await waitFor(async () => (await db.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND mode = 'ShareLock' AND granted`)).rows[0], {
      description: 'the batch to hold the shared period lock',
    });
    const closing = close({ through: D3, reason: 'week end' });
    await waitFor(async () => (await db.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND mode = 'ExclusiveLock' AND NOT granted`)).rows[0], {
      description: 'the close to wait for the batch',
    });
    release();
    await inFlight;
    expect((await closing).status).toBe(201);
    expect((await db.query(`SELECT posting_day FROM ${SCHEMA}.movement WHERE movement_id = 'in-flight'`)).rows).toEqual([{ posting_day: null }]);
    expect(await closedPeriodViolations(db, SCHEMA)).toEqual([]);

    // A write planned with the day before the close fails whole and is planned again by the writer.
    const sql = new LedgerSql(SCHEMA);
    const stale = sql.writeBatch(writerDatabase.manager, {
      closedThrough: D2,
      balances: [],
      movements: [],
      outbox: [],
      valuationDeltas: [{ locationId: 'S1', day: D3, onHand: 0, inventoryValue: 0n, inTransitValue: 0n, costOfGoodsSold: 10_000n, balances: 0, negative: 0, stockout: 0, low: 0 }],
    });
    await expect(stale).rejects.toBeInstanceOf(ClosedThroughChanged);

    // Two writers sending sales dated D4 while the books are closed through D4 half way.
    const racing = (writerName: string, from: number, count: number) =>
      (async () => {
        for (let index = from; index < from + count; index += 1) await apply([sale(`${writerName}-${index}`, index % 2 === 0 ? 'TEA' : 'COCOA', 'S1', 1, `${D4}T09:00:00.000Z`)]);
      })();
    await Promise.all([racing('a', 0, 4), racing('b', 0, 4)]);
    const [closeRace] = await Promise.all([close({ through: D4, reason: 'raced' }), racing('a', 4, 8), racing('b', 4, 8)]);
    expect(closeRace.status).toBe(201);
    await Promise.all([racing('a', 12, 3), racing('b', 12, 3)]);
    const { rows: booked } = await db.query<{ posting: string | null; n: string }>(
      `SELECT to_char(posting_day, 'YYYY-MM-DD') AS posting, count(*)::text AS n FROM ${SCHEMA}.movement WHERE movement_id ~ '^[ab]-' GROUP BY 1 ORDER BY 1`,
    );
    // Before the close on their own day, after it on the first open day, every one once.
    expect(booked.find((row) => row.posting === null)).toBeDefined();
    expect(booked.find((row) => row.posting === daysAgo(6))).toBeDefined();
    expect(booked.reduce((sum, row) => sum + Number(row.n), 0)).toBe(30);
    expect((await checkLedgerInvariants(db, SCHEMA)).violations).toEqual([]);
  });

  it('names a figure of a closed day that changed after its close', async () => {
    await db.query(`INSERT INTO ${SCHEMA}.location_daily_adjustment (location_id, day, reason_code, quantity, value, movements) VALUES ('S1', $1, 'lost', -1, -2.5, 1)`, [D2]);
    try {
      expect(await closedPeriodViolations(db, SCHEMA)).toEqual([expect.stringContaining(`closed day ${D2} of S1, adjustment lost`)]);
    } finally {
      await db.query(`DELETE FROM ${SCHEMA}.location_daily_adjustment WHERE location_id = 'S1' AND day = $1 AND value = -2.5`, [D2]);
    }
  });
});
