// The period report over HTTP against the real database: cost of goods sold, adjustments by
// reason and landed costs by cost type per day and month and location equal the sums over the movements (computed here
// directly from the movement table), however the movements were split into batches (small ones
// written by one statement, a large one with COPY); the history checker proves the per-day
// adjustment figures equal to their movements and notices one that is not; the migration's
// backfill gives the same figures; bad input is refused by field.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { migrateServiceDatabase, openOwnerDatabase, openServiceDatabase } from '@ledgerline/runtime';
import { issueCredential } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from '../../test/running-ledger';
import { ledgerConfigSchema, type LedgerConfig } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { LedgerWriter } from '../ledger/ledger-writer';
import { COPY_FROM_ROWS } from '../persistence/ledger-sql';
import { DailyAdjustments1768710000000 } from '../persistence/migrations/1768710000000-daily-adjustments';

jest.setTimeout(120_000);

const LOCATIONS = ['S1', 'S2'];
const DAYS = ['2026-10-31', '2026-11-01', '2026-11-02'];
const REASONS = ['damaged', 'lost', 'found', 'write-off', 'theft'] as const;

interface ReportRow {
  period: string;
  locationId: string;
  measure: string;
  reasonCode: string | null;
  quantity: string | null;
  value: string;
  movements: string | null;
}

describe('period report (real PostgreSQL, over HTTP)', () => {
  let ledger: RunningLedger;
  let config: LedgerConfig;
  let writer: DataSource;
  let db: Client;
  let headers: Record<string, string>;

  beforeAll(async () => {
    ledger = await startRunningLedger('ledger-period-report');
    config = ledgerConfigSchema.parse({ ...ledger.database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '2' });
    writer = await openServiceDatabase(ledgerDatabaseOptions(config));
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
    headers = { authorization: `Bearer ${await issueCredential(ledger.url, ledger.adminApiKey, ['valuation:read'])}` };

    const ledgerWriter = new LedgerWriter(writer, config.DATABASE_SCHEMA);
    const opening = LOCATIONS.flatMap((locationId) =>
      Array.from({ length: COPY_FROM_ROWS / 2 + 10 }, (_, sku): InventoryMovementV1 => ({
        movementId: `open-${locationId}-${sku}`,
        kind: 'receipt',
        sku: `SKU-${sku % 8}-${sku}`,
        locationId,
        quantity: 40,
        unitCost: '1.3337',
        occurredAt: `${DAYS[0]}T06:00:00.000Z`,
        source: { system: 'erp', documentId: 'GRN-OPEN' },
      })),
    );
    await ledgerWriter.applyBatch(opening.map((movement) => ({ movement })));
    const random = seededRandom(7);
    for (let round = 0; round < 30; round += 1) {
      const batch = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, index) => trading(random, `r${round}-${index}`));
      await ledgerWriter.applyBatch(batch.map((movement) => ({ movement })));
    }
    // Most of an opening receipt gone before its freight arrives: a landed-cost variance for certain.
    const source = { system: 'erp' as const, documentId: 'FRT-9' };
    await ledgerWriter.applyBatch([
      { movement: { movementId: 'sold-before-freight', kind: 'adjustment', sku: 'SKU-5-5', locationId: 'S1', quantity: -30, reasonCode: 'write-off', occurredAt: `${DAYS[1]}T09:00:00.000Z`, source } },
      { movement: { movementId: 'freight-after-sale', kind: 'landed-cost', sku: 'SKU-5-5', locationId: 'S1', receiptMovementId: 'open-S1-5', amount: '4.0000', costType: 'freight', occurredAt: `${DAYS[1]}T10:00:00.000Z`, source } },
    ]);
  });

  afterAll(async () => {
    await db?.end();
    await writer?.destroy();
    await ledger?.close();
  });

  const report = async (parameters: Record<string, string>) => {
    const response = await fetch(`${ledger.url}/v1/reports/period?${new URLSearchParams({ format: 'ndjson', ...parameters })}`, { headers });
    expect(response.status).toBe(200);
    return (await response.text()).split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as ReportRow);
  };

  /** The same figures summed directly over the movements. */
  async function summedFromMovements(period: 'YYYY-MM-DD' | 'YYYY-MM', locationId?: string): Promise<ReportRow[]> {
    const { rows } = await db.query<ReportRow>(
      `SELECT * FROM (
         SELECT to_char(occurred_at AT TIME ZONE 'UTC', '${period}') AS period, location_id AS "locationId", 'cost-of-goods-sold' AS measure,
                NULL AS "reasonCode", NULL AS quantity, SUM(cost_of_goods_sold)::numeric(24,4)::text AS value, NULL AS movements
           FROM inventory_ledger.movement WHERE ($1::text IS NULL OR location_id = $1) GROUP BY 1, 2 HAVING SUM(cost_of_goods_sold) <> 0
         UNION ALL
         SELECT to_char(occurred_at AT TIME ZONE 'UTC', '${period}'), location_id, 'adjustment', payload->>'reasonCode', SUM(quantity_delta)::text,
                SUM(value_delta)::numeric(24,4)::text, count(*)::text
           FROM inventory_ledger.movement WHERE kind = 'adjustment' AND ($1::text IS NULL OR location_id = $1) GROUP BY 1, 2, 4
         UNION ALL
         SELECT to_char(occurred_at AT TIME ZONE 'UTC', '${period}'), location_id, part.measure, payload->>'costType', NULL,
                SUM(CASE WHEN kind = part.figure_kind THEN part.figure ELSE 0 END)::numeric(24,4)::text, count(*) FILTER (WHERE kind = 'landed-cost')::text
           FROM inventory_ledger.movement
                CROSS JOIN LATERAL (VALUES ('landed-cost-revaluation', 'landed-cost', value_delta), ('landed-cost-variance', 'landed-cost-variance', cost_of_goods_sold))
                           AS part(measure, figure_kind, figure)
          WHERE kind IN ('landed-cost', 'landed-cost-variance') AND ($1::text IS NULL OR location_id = $1) GROUP BY 1, 2, 3, 4) AS r
        ORDER BY 1, 2, 3, 4`,
      [locationId ?? null],
    );
    return rows;
  }

  it('equals the sums over the movements per day, per month and for one location', async () => {
    const byDay = await report({ from: DAYS[0]!, to: DAYS[2]!, groupBy: 'day' });
    expect(byDay).toEqual(await summedFromMovements('YYYY-MM-DD'));
    expect(byDay.filter((row) => row.measure === 'adjustment').map((row) => row.reasonCode)).toEqual(expect.arrayContaining([...REASONS, 'count-variance']));
    expect(byDay.some((row) => row.measure === 'cost-of-goods-sold')).toBe(true);
    expect(byDay.filter((row) => row.measure === 'landed-cost-variance' && row.value !== '0.0000').length).toBeGreaterThan(0);
    expect(await report({ from: '2026-10-01', to: '2026-11-30', groupBy: 'month' })).toEqual(await summedFromMovements('YYYY-MM'));
    expect(await report({ from: DAYS[0]!, to: DAYS[2]!, locationId: 'S2' })).toEqual(await summedFromMovements('YYYY-MM-DD', 'S2'));
    // Only the days asked.
    expect(await report({ from: DAYS[1]!, to: DAYS[1]! })).toEqual((await summedFromMovements('YYYY-MM-DD')).filter((row) => row.period === DAYS[1]));
  });

  it('writes CSV with a header row and negative figures as numbers', async () => {
    const response = await fetch(`${ledger.url}/v1/reports/period?from=${DAYS[0]}&to=${DAYS[2]}&locationId=S1`, { headers: { ...headers, accept: 'text/csv' } });
    const records = (await response.text()).split('\r\n');
    expect(records[0]).toBe('period,locationId,measure,reasonCode,quantity,value,movements');
    expect(records.find((record) => /,adjustment,damaged,/.test(record))).toMatch(/^\d{4}-\d{2}-\d{2},S1,adjustment,damaged,-\d+,-\d+\.\d{4},\d+$/);
  });

  it('is proved equal to the movements by the history checker, which notices a figure that is not', async () => {
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);
    await db.query(`INSERT INTO inventory_ledger.location_daily_adjustment VALUES ('S1', $1, 'not-a-movement', -1, -1.3337, 1)`, [DAYS[1]]);
    try {
      expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([expect.stringMatching(/^adjustments of S1 on 2026-11-01 for not-a-movement/)]);
    } finally {
      await db.query(`DELETE FROM inventory_ledger.location_daily_adjustment WHERE reason_code = 'not-a-movement'`);
    }
    await db.query(`INSERT INTO inventory_ledger.location_daily_landed_cost VALUES ('S1', $1, 'not-a-movement', 1, -1, 1)`, [DAYS[1]]);
    try {
      expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([expect.stringMatching(/^landed costs of S1 on 2026-11-01 for not-a-movement/)]);
    } finally {
      await db.query(`DELETE FROM inventory_ledger.location_daily_landed_cost WHERE cost_type = 'not-a-movement'`);
    }
  });

  it('gives the same figures after the migration backfills them from the movements', async () => {
    const before = await report({ from: DAYS[0]!, to: DAYS[2]! });
    const owner = await openOwnerDatabase(ledgerDatabaseOptions(config));
    const runner = owner.createQueryRunner();
    try {
      const migration = new DailyAdjustments1768710000000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
      await owner.destroy();
    }
    await migrateServiceDatabase(ledgerDatabaseOptions(config));
    expect(await report({ from: DAYS[0]!, to: DAYS[2]! })).toEqual(before);
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);
  });

  it('refuses bad input with the field and the reason, and is not given without valuation:read', async () => {
    const refusal = async (query: string, with_ = headers) => {
      const response = await fetch(`${ledger.url}/v1/reports/period?${query}`, { headers: with_ });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await refusal('from=2026-11-02&to=2026-11-01')).toMatchObject({ status: 400, body: { code: 'LEDGER.INVALID_QUERY', errors: [{ path: 'to', message: 'must not be before from' }] } });
    expect(await refusal('from=2000-01-01&to=2026-11-01')).toMatchObject({ status: 400, body: { errors: [{ path: 'to', message: 'must be within 3660 days of from' }] } });
    expect(await refusal('from=2026-02-30&to=2026-11-01')).toMatchObject({ status: 400, body: { errors: [{ path: 'from', message: 'must be a day, YYYY-MM-DD' }] } });
    expect(await refusal('from=2026-11-01&to=2026-11-01&groupBy=week')).toMatchObject({ status: 400, body: { errors: [{ path: 'groupBy' }] } });
    expect(await refusal('from=2026-11-01&to=2026-11-01&format=xml')).toMatchObject({ status: 400, body: { errors: [{ path: 'format' }] } });
    expect(await refusal('from=2026-11-01&to=2026-11-01&locationId=NOWHERE')).toMatchObject({ status: 404, body: { code: 'LEDGER.UNKNOWN_LOCATION', errors: [{ path: 'locationId' }] } });
    expect((await refusal('from=2026-11-01&to=2026-11-01', ledger.stockReaderHeaders)).status).toBe(403);
    expect((await refusal('from=2026-11-01&to=2026-11-01', {})).status).toBe(401);
  });
});

/** Shop trading with adjustments of every reason, landed costs and counts, over the days and locations. */
function trading(random: () => number, movementId: string): InventoryMovementV1 {
  const locationId = LOCATIONS[Math.floor(random() * LOCATIONS.length)]!;
  const sku = `SKU-${Math.floor(random() * 8)}-${Math.floor(random() * 3)}`;
  const day = DAYS[Math.floor(random() * DAYS.length)]!;
  const quantity = 1 + Math.floor(random() * 4);
  const kind = random();
  if (kind < 0.35) {
    return { movementId, kind: 'sale', sku, locationId, quantity, occurredAt: `${day}T12:00:00.000Z`, source: { system: 'pos', storeId: locationId, terminalId: 'T1', transactionId: movementId, lineNumber: 1 } };
  }
  if (kind < 0.45) {
    // Against an opening receipt of the location: some of its 40 units are sold by then, or none.
    const opened = Math.floor(random() * 12);
    const amount = (random() < 0.3 ? -1 : 1) * (1 + Math.floor(random() * 200_000)) / 10_000;
    return {
      movementId, kind: 'landed-cost', sku: `SKU-${opened % 8}-${opened}`, locationId, receiptMovementId: `open-${locationId}-${opened}`,
      amount: amount.toFixed(4), costType: random() < 0.5 ? 'freight' : 'price-correction', occurredAt: `${day}T14:00:00.000Z`, source: { system: 'erp', documentId: movementId },
    };
  }
  if (kind < 0.85) {
    const reasonCode = REASONS[Math.floor(random() * REASONS.length)]!;
    return { movementId, kind: 'adjustment', sku, locationId, quantity: reasonCode === 'found' ? quantity : -quantity, reasonCode, occurredAt: `${day}T15:00:00.000Z`, source: { system: 'ops', documentId: movementId } };
  }
  return { movementId, kind: 'count', sku, locationId, countId: movementId, countedQuantity: 30, occurredAt: `${day}T20:00:00.000Z`, source: { system: 'ops', documentId: movementId } };
}

/** The same sequence every run: a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
