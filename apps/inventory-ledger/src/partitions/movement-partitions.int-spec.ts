// The movement table partitioned by month of recorded time, against the real database: an
// existing unpartitioned ledger converted in place, writes on both sides of a month's boundary,
// a movement redelivered after its month was detached applied once, the drift audit and stock as
// of a time exact after a detach, and the writer role unable to change or detach any partition.
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { loginRoleOf, openOwnerDatabase, openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { DriftAuditSql } from '../audit/drift-audit-sql';
import { ledgerConfigSchema, type LedgerConfig } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { LedgerWriter } from '../ledger/ledger-writer';
import { LEDGER_MIGRATIONS } from '../persistence/migrations';
import { StockQueryService } from '../query/stock-query.service';
import { MovementPartitionError, MovementPartitionsSql } from './movement-partitions-sql';
import { lastMonth, monthStart, now, thisMonth } from '../../test/recorded-months';

jest.setTimeout(120_000);

const SCHEMA = 'inventory_ledger';

const receipt = (movementId: string, sku: string, quantity: number, occurredAt: Date): InventoryMovementV1 => ({
  movementId,
  kind: 'receipt',
  sku,
  locationId: 'S1',
  quantity,
  unitCost: '2.5000',
  occurredAt: occurredAt.toISOString(),
  source: { system: 'erp', documentId: movementId },
});
const sale = (movementId: string, sku: string, quantity: number, occurredAt: Date): InventoryMovementV1 => ({
  movementId,
  kind: 'sale',
  sku,
  locationId: 'S1',
  quantity,
  occurredAt: occurredAt.toISOString(),
  source: { system: 'pos', storeId: 'S1', terminalId: 'T1', transactionId: movementId, lineNumber: 1 },
});

async function scalar(dataSource: DataSource, sql: string, parameters?: unknown[]): Promise<string> {
  const [row]: Array<{ value: unknown }> = await dataSource.query(sql, parameters);
  return String(row!.value);
}

async function sqlStateOf(work: Promise<unknown>): Promise<string | undefined> {
  return work.then(
    () => undefined,
    (error: { driverError?: { code?: string }; code?: string }) => error.driverError?.code ?? error.code,
  );
}

describe('an unpartitioned ledger converted in place (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource | undefined;

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('keeps every row, the sequence, the triggers, the writer privileges and the indexes, and finds old ids applied', async () => {
    database = await createTestDatabase('partitions-migrate');
    const config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '2' });
    const before = await openOwnerDatabase({ ...ledgerDatabaseOptions(config), grants: undefined, migrations: LEDGER_MIGRATIONS.slice(0, LEDGER_MIGRATIONS.findIndex((migration) => migration.name === 'PartitionedMovements1767000000000')) });
    // 200 receipts of 7 keys as the unpartitioned ledger held them, with their balances.
    await before.query(
      `INSERT INTO ${SCHEMA}.movement (movement_id, kind, sku, location_id, quantity_delta, in_transit_delta, on_order_delta, value_delta,
              in_transit_value_delta, cost_of_goods_sold, balance_version, on_hand_after, occurred_at, recorded_at, payload, last_movement_at_after)
       SELECT 'old-' || n, 'receipt', 'SKU-' || (n % 7), 'S1', 1 + n, 0, 0, 2.5 * (1 + n), 0, 0, n / 7 + 1, 0, $1::timestamptz, $1::timestamptz + n * interval '1 second', '{}', $1::timestamptz
         FROM generate_series(0, 199) AS n`,
      [lastMonth(100)],
    );
    await before.query(
      `INSERT INTO ${SCHEMA}.stock_balance (sku, location_id, on_hand, inventory_value, average_unit_cost, version, last_movement_at)
       SELECT sku, location_id, sum(quantity_delta), sum(value_delta), 2.5, count(*), max(occurred_at) FROM ${SCHEMA}.movement GROUP BY 1, 2`,
    );
    const seqBefore = Number(await scalar(before, `SELECT max(movement_seq) AS value FROM ${SCHEMA}.movement`));
    expect(await scalar(before, `SELECT relkind AS value FROM pg_class WHERE oid = '${SCHEMA}.movement'::regclass`)).toBe('r');
    await before.destroy();

    dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
    expect(await scalar(dataSource, `SELECT relkind AS value FROM pg_class WHERE oid = '${SCHEMA}.movement'::regclass`)).toBe('p');
    expect(await scalar(dataSource, `SELECT count(*) AS value FROM ${SCHEMA}.movement`)).toBe('200');
    expect(await scalar(dataSource, `SELECT count(*) AS value FROM ${SCHEMA}.applied_movement_id`)).toBe('200');
    const partitions = await new MovementPartitionsSql(SCHEMA).list((sql, parameters) => dataSource!.query(sql, parameters));
    expect(partitions[0]).toMatchObject({ name: `movement_before_${monthStart.getUTCFullYear()}_${String(monthStart.getUTCMonth() + 1).padStart(2, '0')}`, from: null, to: monthStart });
    expect(partitions.filter((partition) => partition.isDefault)).toHaveLength(1);
    expect(partitions.length).toBeGreaterThanOrEqual(4);

    // The same ids again (a redelivery after the conversion) are found applied; the sequence goes on.
    const writer = new LedgerWriter(dataSource, SCHEMA);
    const again = await writer.applyBatch(
      [receipt('old-0', 'SKU-0', 1, lastMonth(100)), receipt('new-after-conversion', 'SKU-0', 3, now)].map((movement) => ({ movement })),
    );
    expect(again).toMatchObject({ applied: 1, duplicates: 1 });
    expect(Number(await scalar(dataSource, `SELECT movement_seq AS value FROM ${SCHEMA}.movement WHERE movement_id = 'new-after-conversion'`))).toBeGreaterThan(seqBefore);

    const indexes: Array<{ definition: string }> = await dataSource.query(
      `SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index WHERE indrelid = '${SCHEMA}.movement'::regclass ORDER BY 1`,
    );
    expect(indexes.map((index) => index.definition)).toEqual([
      expect.stringContaining("movement_adjustment_by_location ON ONLY inventory_ledger.movement USING btree (location_id, occurred_at) WHERE (kind = 'adjustment'::text)"),
      expect.stringContaining('movement_posted_later ON ONLY inventory_ledger.movement USING btree (sku, location_id, posting_day) WHERE (posting_day IS NOT NULL)'),
      expect.stringContaining('movement_recorded_brin ON ONLY inventory_ledger.movement USING brin (recorded_at)'),
      expect.stringContaining('(sku, location_id, balance_version, recorded_at) INCLUDE (occurred_at, last_movement_at_after, quantity_delta)'),
      expect.stringContaining('movement_pkey ON ONLY inventory_ledger.movement USING btree (movement_seq, recorded_at)'),
    ]);
    // The ledger's login role lacks the privileges on every partition; the owner meets the triggers on each.
    const writerRole = loginRoleOf(config.DATABASE_URL).role;
    const owner = await openOwnerDatabase(ledgerDatabaseOptions(config));
    try {
      for (const partition of partitions) {
        const table = `${SCHEMA}."${partition.name}"`;
        expect(await scalar(dataSource, `SELECT has_table_privilege($1, $2, 'UPDATE') OR has_table_privilege($1, $2, 'DELETE') OR has_table_privilege($1, $2, 'TRUNCATE') AS value`, [writerRole, table])).toBe('false');
        expect(await sqlStateOf(dataSource.query(`UPDATE ${table} SET quantity_delta = 0`))).toBe('42501');
        expect(await scalar(owner, `SELECT string_agg(tgname, ',' ORDER BY tgname) AS value FROM pg_trigger WHERE tgrelid = $1::regclass`, [table])).toBe(
          'movement_append_only,movement_no_truncate',
        );
        await expect(owner.query(`TRUNCATE ${table}`)).rejects.toThrow(/LEDGER.APPEND_ONLY/);
      }
      // The row triggers fire on a partition holding rows, reached by name or through the table.
      for (const change of [`UPDATE ${SCHEMA}."${partitions[0]!.name}" SET quantity_delta = 0`, `DELETE FROM ${SCHEMA}."${partitions[0]!.name}"`, `DELETE FROM ${SCHEMA}.movement`]) {
        await expect(owner.query(change)).rejects.toThrow(/LEDGER.APPEND_ONLY/);
      }
    } finally {
      await owner.destroy();
    }
  });
});

describe('movements partitioned by month (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let config: LedgerConfig;
  let writer: LedgerWriter;
  const partitionsSql = new MovementPartitionsSql(SCHEMA);

  beforeAll(async () => {
    database = await createTestDatabase('partitions');
    config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '3' });
    dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
    writer = new LedgerWriter(dataSource, SCHEMA);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const partitionOf = (movementId: string) =>
    scalar(dataSource, `SELECT tableoid::regclass::text AS value FROM ${SCHEMA}.movement WHERE movement_id = $1`, [movementId]);

  it('writes on both sides of a month boundary into their months, and a duplicate across them once', async () => {
    await writer.applyBatch([{ movement: receipt('grn-1', 'TEA', 50, lastMonth(48)) }], lastMonth(1));
    await writer.applyBatch([{ movement: sale('sale-1', 'TEA', 5, lastMonth(24)) }], new Date(monthStart.getTime() - 1));
    await writer.applyBatch([{ movement: sale('sale-2', 'TEA', 7, thisMonth(1)) }], monthStart);
    expect(await partitionOf('sale-1')).toMatch(/movement_before_/);
    expect(await partitionOf('sale-2')).toMatch(/movement_p\d{4}_\d{2}/);

    // Redelivered a month later, in a batch with a new one and itself twice: applied once.
    const redelivered = await writer.applyBatch(
      [sale('sale-1', 'TEA', 5, lastMonth(24)), sale('sale-3', 'TEA', 1, thisMonth(2)), sale('sale-1', 'TEA', 5, lastMonth(24))].map((movement) => ({ movement })),
      thisMonth(2),
    );
    expect(redelivered.applied).toBe(1);
    expect(await scalar(dataSource, `SELECT count(*) AS value FROM ${SCHEMA}.movement WHERE movement_id = 'sale-1'`)).toBe('1');
    expect(await scalar(dataSource, `SELECT on_hand AS value FROM ${SCHEMA}.stock_balance WHERE sku = 'TEA'`)).toBe('37');
  });

  it('creates the months ahead at a fixed cost and keeps DEFAULT empty', async () => {
    const first = await partitionsSql.ensureAhead((sql, parameters) => dataSource.query(sql, parameters), 4);
    expect(first.defaultHoldsRows).toBe(false);
    const again = await partitionsSql.ensureAhead((sql, parameters) => dataSource.query(sql, parameters), 4);
    expect(again).toEqual({ created: 0, defaultHoldsRows: false });
    const monthly = (await partitionsSql.list((sql, parameters) => dataSource.query(sql, parameters))).filter((partition) => /movement_p/.test(partition.name));
    expect(monthly.length).toBe(5);
    expect(monthly[monthly.length - 1]!.to).toEqual(new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 5, 1)));
  });

  it('refuses the writer role a detach, and a detach of a period still open', async () => {
    const [partition] = await partitionsSql.list((sql, parameters) => dataSource.query(sql, parameters));
    expect(await sqlStateOf(dataSource.query(`ALTER TABLE ${SCHEMA}.movement DETACH PARTITION ${SCHEMA}."${partition!.name}"`))).toBe('42501');
    expect(await sqlStateOf(dataSource.query(`UPDATE ${SCHEMA}."${partition!.name}" SET quantity_delta = 0`))).toBe('42501');
    expect(await sqlStateOf(dataSource.query(`UPDATE ${SCHEMA}.movement_carried_forward SET on_hand = 0`))).toBe('42501');
    const owner = await openOwnerDatabase(ledgerDatabaseOptions(config));
    try {
      await expect(partitionsSql.detachBefore(owner, thisMonth(24 * 40))).rejects.toThrow(MovementPartitionError);
    } finally {
      await owner.destroy();
    }
  });

  it('detaches a closed month: the drift audit stays clean, as-of answers later times and refuses archived ones, and a replay applies nothing', async () => {
    const owner = await openOwnerDatabase(ledgerDatabaseOptions(config));
    const stock = new StockQueryService(dataSource, config);
    const asOfBefore = await stock.stockAsOf('TEA', 'S1', thisMonth(1.5));
    try {
      // Not while a close's closing inventory is being built: it reads the movements booked after its day.
      const [pending] = (await owner.query(
        `INSERT INTO ${SCHEMA}.period_close (through, reason, closed_by) VALUES ('2020-01-31', 'pending build', 'test') RETURNING close_seq::text AS seq`,
      )) as Array<{ seq: string }>;
      await owner.query(`INSERT INTO ${SCHEMA}.closing_inventory_build (close_seq) VALUES ($1::bigint)`, [pending!.seq]);
      await expect(partitionsSql.detachBefore(owner, monthStart)).rejects.toMatchObject({ code: 'LEDGER.CLOSING_INVENTORY_PENDING' });
      await owner.query(`DELETE FROM ${SCHEMA}.closing_inventory_build WHERE close_seq = $1::bigint`, [pending!.seq]);
      await owner.query(`DELETE FROM ${SCHEMA}.period_close WHERE close_seq = $1::bigint`, [pending!.seq]);
      const detached = await partitionsSql.detachBefore(owner, monthStart);
      expect(detached).toEqual([expect.objectContaining({ to: monthStart, movements: 2, keys: 1 })]);
      const name = detached[0]!.name;
      expect(await scalar(owner, `SELECT count(*) AS value FROM ${SCHEMA}."${name}"`)).toBe('2');
      await expect(owner.query(`DELETE FROM ${SCHEMA}."${name}"`)).rejects.toThrow(/LEDGER.APPEND_ONLY/);
      expect(await scalar(dataSource, `SELECT count(*) AS value FROM ${SCHEMA}.movement WHERE sku = 'TEA'`)).toBe('2');
    } finally {
      await owner.destroy();
    }

    const [checked] = await new DriftAuditSql(SCHEMA).keys((sql, parameters) => dataSource.query(sql, parameters), [{ sku: 'TEA', locationId: 'S1' }], 1000);
    expect(checked!.fromMovements).toEqual(checked!.stored);
    expect(checked!.stored.onHand).toBe(37n);

    expect(await stock.stockAsOf('TEA', 'S1', thisMonth(1.5))).toEqual(asOfBefore);
    expect(await stock.stockAsOf('TEA', 'S1', thisMonth(1.5))).toMatchObject({ onHand: 38, movements: 3 });
    await expect(stock.stockAsOf('TEA', 'S1', lastMonth(30))).rejects.toMatchObject({ response: { code: 'LEDGER.ARCHIVED_PERIOD' } });

    const replay = await writer.applyBatch([{ movement: receipt('grn-1', 'TEA', 50, lastMonth(48)) }, { movement: sale('sale-1', 'TEA', 5, lastMonth(24)) }], thisMonth(3));
    expect(replay).toMatchObject({ applied: 0, duplicates: 2 });
    // Their rows are gone from the ledger, their fingerprints kept: other content under an archived id is still a conflict.
    expect(await scalar(dataSource, `SELECT count(*) AS value FROM ${SCHEMA}.archived_movement_fingerprint WHERE movement_id IN ('grn-1', 'sale-1')`)).toBe('2');
    await expect(writer.applyBatch([{ movement: sale('sale-1', 'TEA', 6, lastMonth(24)) }], thisMonth(3))).rejects.toMatchObject({ code: 'LEDGER.CONFLICT' });
    expect(await scalar(dataSource, `SELECT on_hand AS value FROM ${SCHEMA}.stock_balance WHERE sku = 'TEA'`)).toBe('37');
  });

  it('takes a write no month covers into DEFAULT, says so, and still creates the other months', async () => {
    const farAhead = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 14, 3));
    await writer.applyBatch([{ movement: receipt('grn-far-ahead', 'LATE-CLOCK', 4, farAhead) }], farAhead);
    expect(await partitionOf('grn-far-ahead')).toBe(`${SCHEMA}.movement_default`);
    const outcome = await partitionsSql.ensureAhead((sql, parameters) => dataSource.query(sql, parameters), 16);
    expect(outcome.defaultHoldsRows).toBe(true);
    // Months 5 to 16 were missing; the month of the row in DEFAULT is left out.
    expect(outcome.created).toBe(11);
    const names = (await partitionsSql.list((sql, parameters) => dataSource.query(sql, parameters))).map((partition) => partition.name);
    const monthName = (offset: number) => {
      const month = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + offset, 1));
      return `movement_p${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
    };
    expect(names).not.toContain(monthName(14));
    expect(names).toContain(monthName(15));
    expect(names).toContain(monthName(16));
  });
});
