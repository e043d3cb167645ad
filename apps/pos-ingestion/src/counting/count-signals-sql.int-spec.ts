// The counting signals' batch write against the real database: what one statement per event left,
// and two members writing the same keys at once (a batch retried elsewhere after a rebalance):
// the one that meets the other's new rows writes nothing and is applied again, so every signal is
// counted once. A batch reaches its keys' rows by probes of the primary key, whatever the table
// holds.
import type { DataSource } from 'typeorm';
import { baseConfigSchema, openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { posIngestionDatabaseOptions } from '../pos-ingestion.module';
import { CountSignalsSql, countSignalLockSql, countSignalWriteSql } from './count-signals-sql';
import type { StockChangeSignal } from './stock-change-signal';

jest.setTimeout(60_000);

const SCHEMA = 'pos_ingestion';

const signal = (sku: string, balanceVersion: number, change: Partial<StockChangeSignal> = {}): StockChangeSignal => ({
  locationId: 'S1',
  sku,
  day: 20_400,
  onHand: 10 - balanceVersion,
  averageUnitCost: '2.5000',
  balanceVersion,
  counted: false,
  unitsSold: 1,
  variances: 0,
  shrinkageAdjustments: 0,
  soldWhileBookEmpty: false,
  ...change,
});

describe('CountSignalsSql (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let signals: CountSignalsSql;

  beforeAll(async () => {
    database = await createTestDatabase('pos-count-signals');
    dataSource = await openServiceDatabase(posIngestionDatabaseOptions({ ...baseConfigSchema.parse({}), ...database.serviceEnv('pos_ingestion'), DATABASE_SCHEMA: SCHEMA, DATABASE_POOL_SIZE: 4 }));
    signals = new CountSignalsSql(dataSource, SCHEMA);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const rows = async (sku: string) => ({
    key: await dataSource.query(`SELECT on_hand::int, balance_version::int, last_counted_day, first_seen_day FROM ${SCHEMA}.count_signal WHERE sku = $1`, [sku]),
    days: await dataSource.query(`SELECT day, units_sold::int, variances, sold_while_book_empty FROM ${SCHEMA}.count_signal_day WHERE sku = $1 ORDER BY day`, [sku]),
  });

  it('keeps each key at its newest signal and adds each signal once, redeliveries skipped', async () => {
    await signals.record([signal('TEA', 1), signal('TEA', 2, { counted: true, unitsSold: 0, variances: 1, day: 20_401 }), signal('TEA', 3, { day: 20_401 })]);
    await signals.record([signal('TEA', 2), signal('TEA', 3), signal('TEA', 4, { day: 20_402, soldWhileBookEmpty: true })]);
    expect(await rows('TEA')).toEqual({
      key: [{ on_hand: 6, balance_version: 4, last_counted_day: 20_401, first_seen_day: 20_400 }],
      days: [
        { day: 20_400, units_sold: 1, variances: 0, sold_while_book_empty: false },
        { day: 20_401, units_sold: 1, variances: 1, sold_while_book_empty: false },
        { day: 20_402, units_sold: 1, variances: 0, sold_while_book_empty: true },
      ],
    });
  });

  it('counts once when two members write the same new keys at once: the second is refused and counts on being applied again', async () => {
    const batch = Array.from({ length: 50 }, (_, index) => signal(`K${index % 10}`, Math.floor(index / 10) + 1));
    const outcomes = await Promise.allSettled([signals.record(batch), signals.record(batch), signals.record(batch)]);
    // A refused member's consumer applies its batch again; the rows are there to lock by then.
    for (const outcome of outcomes) if (outcome.status === 'rejected') await signals.record(batch);
    for (let key = 0; key < 10; key++) {
      expect(await rows(`K${key}`)).toEqual({ key: [{ on_hand: 5, balance_version: 5, last_counted_day: null, first_seen_day: 20_400 }], days: [{ day: 20_400, units_sold: 5, variances: 0, sold_while_book_empty: false }] });
    }
  });

  it('reads, locks and writes a batch of hundreds of keys by probes of the primary key, never the whole table', async () => {
    // Thousands of rows no statistics describe (the table is never analysed here): joined to the
    // batch's lists as a whole, or updated FROM them, the planner hashed the whole table.
    await dataSource.query(
      `INSERT INTO ${SCHEMA}.count_signal (location_id, sku, on_hand, average_unit_cost, balance_version, first_seen_day)
       SELECT 'S1', 'PROBE-' || n, 1, 1, 1, 20400 FROM generate_series(1, 20000) n`,
    );
    const batch = Array.from({ length: 600 }, (_, index) => signal(`PROBE-${index * 7 + 1}`, 2, { onHand: 7 }));
    const lockParameters = [batch.map((entry) => entry.locationId), batch.map((entry) => entry.sku)];
    const writeParameters = [
      JSON.stringify(batch.map((entry) => ({ location_id: entry.locationId, sku: entry.sku, on_hand: 7, average_unit_cost: '2.5', balance_version: 2, last_counted_day: null, first_seen_day: 20_400, is_new: false }))),
      JSON.stringify(batch.map((entry) => ({ location_id: entry.locationId, day: 20_400, sku: entry.sku, units_sold: 1, variances: 0, shrinkage_adjustments: 0, sold_while_book_empty: false }))),
    ];
    const planOf = async (text: string, parameters: unknown[]) => JSON.stringify(await dataSource.query(`EXPLAIN (FORMAT JSON) ${text}`, parameters));
    for (const plan of [await planOf(countSignalLockSql(SCHEMA), lockParameters), await planOf(countSignalWriteSql(SCHEMA), writeParameters)]) {
      expect(plan).not.toMatch(/"Node Type":"(Seq Scan|Hash Join|Merge Join)"/);
    }
    expect(await planOf(countSignalLockSql(SCHEMA), lockParameters)).toMatch(/"Index Name":"count_signal_pkey"/);

    await signals.record(batch);
    const [{ written }] = await dataSource.query(`SELECT count(*)::int AS written FROM ${SCHEMA}.count_signal WHERE sku LIKE 'PROBE-%' AND balance_version = 2 AND on_hand = 7`);
    expect(written).toBe(600);
  });

  it("updates a key's row and its day's counters on their own pages, as batches spread over many keys do", async () => {
    const keys = Array.from({ length: 3_000 }, (_, index) => `ROOM-${index}`);
    await signals.record(keys.map((sku) => signal(sku, 1)));
    const blocks = async () =>
      new Map(
        (
          await dataSource.query(
            `SELECT 'key ' || sku AS row, (ctid::text::point)[0]::int AS block FROM ${SCHEMA}.count_signal WHERE sku LIKE 'ROOM-%'
             UNION ALL SELECT 'day ' || sku, (ctid::text::point)[0]::int FROM ${SCHEMA}.count_signal_day WHERE sku LIKE 'ROOM-%'`,
          )
        ).map((row: { row: string; block: number }) => [row.row, row.block]),
      );
    const before = await blocks();
    // Each batch touches a tenth of the keys, a few rows of each page, as a busy day's batches do.
    for (let version = 2; version <= 4; version++) await signals.record(keys.filter((_, index) => index % 10 === version).map((sku) => signal(sku, version)));
    const after = await blocks();
    expect(after.size).toBe(6_000);
    const moved = [...after].filter(([row, block]) => before.get(row) !== block).length;
    // Full pages moved every updated row to another page, writing its index entry again.
    expect(moved).toBeLessThan(30);
  });
});
