// Valuation totals and cost of goods sold by day against the real database, while two writers
// apply batches at once (small ones written by one statement, large ones with COPY, and batches
// that meet each other's writes and are applied again with their balances locked) and the folder
// folds concurrently, and the catalog changes the low-stock thresholds of the traded items: at
// every snapshot the totals equal the sums over balances and movements, and the counts of
// negative, out-of-stock and low balances equal those of the balances.
// Also: the migration's backfill of an existing ledger gives the same totals.
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { migrateServiceDatabase, openOwnerDatabase, openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, waitFor, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema, type LedgerConfig } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { applyCatalogItems } from '../catalog/catalog-items';
import { ledgerMetrics } from '../ledger/ledger-metrics';
import { LedgerWriter } from '../ledger/ledger-writer';
import { LedgerSql } from '../persistence/ledger-sql';
import { ReadsBoundedByTheQuestion1766100000000 } from '../persistence/migrations/1766100000000-reads-bounded-by-the-question';
import { LocationStockStates1769020000000 } from '../persistence/migrations/1769020000000-location-stock-states';
import { ValuationFolder } from './valuation-folder';
import { ValuationQueryService } from './valuation-query.service';
import { ValuationSql } from './valuation-sql';

jest.setTimeout(180_000);

const LOCATIONS = ['S1', 'S2', 'S3'];
const DAYS = ['2026-11-28', '2026-11-29', '2026-11-30'];

describe('valuation totals and cost of goods sold (real PostgreSQL)', () => {
  let database: TestDatabase;
  let config: LedgerConfig;
  let first: DataSource;
  let second: DataSource;
  let owner: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('ledger-valuation');
    config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '4', VALUATION_FOLD_ROWS: '7' });
    first = await openServiceDatabase(ledgerDatabaseOptions(config));
    second = await openServiceDatabase(ledgerDatabaseOptions(config));
    owner = await openOwnerDatabase(ledgerDatabaseOptions(config));
  });

  afterAll(async () => {
    await Promise.all([first?.destroy(), second?.destroy(), owner?.destroy()]);
    await database?.drop();
  });

  it('equals the sums over balances and movements at every moment while batches and folds run at once', async () => {
    const writers = [new LedgerWriter(first, config.DATABASE_SCHEMA), new LedgerWriter(second, config.DATABASE_SCHEMA)];
    const folders = [new ValuationFolder(first, config), new ValuationFolder(second, config)];
    const conflictsBefore = await conflictCount();

    // A large opening batch (COPY) on each writer, then rounds of small batches on shared keys.
    await Promise.all(writers.map((writer, index) => writer.applyBatch(openingStock(index).map((movement) => ({ movement })))));
    let writing = true;
    const snapshots: string[][] = [];
    const checking = (async () => {
      while (writing) snapshots.push(await differencesInOneSnapshot(first));
    })();
    const folding = Promise.all(
      folders.map(async (folder) => {
        while (writing) await folder.foldNow();
      }),
    );
    // Thresholds around the traded keys' on hand, so their balances enter and leave the low state.
    const catalog = new LedgerSql(config.DATABASE_SCHEMA);
    const thresholdRandom = seededRandom(99);
    let thresholdChanges = 0;
    const changingThresholds = (async () => {
      while (writing) {
        const updatedAt = new Date(Date.UTC(2026, 10, 1) + thresholdChanges * 1_000).toISOString();
        const traded = ['SKU-0', 'SKU-1', 'SKU-2', 'SKU-3'].map((sku) => ({ sku, description: sku, lowStockThreshold: 140 + Math.floor(thresholdRandom() * 80), active: true, updatedAt }));
        // And the items whose first balances the rounds create meanwhile (NEW-*), around their first receipts.
        const opened = ['NEW-0', 'NEW-1', 'NEW-2'].map((sku) => ({ sku, description: sku, lowStockThreshold: Math.floor(thresholdRandom() * 6), active: true, updatedAt }));
        const items = [...traded, ...opened];
        await applyCatalogItems(second, catalog, items);
        thresholdChanges += 1;
      }
    })();
    await Promise.all(
      writers.map(async (writer, index) => {
        const random = seededRandom(index + 1);
        for (let round = 0; round < 40; round += 1) {
          await writer.applyBatch(trading(random, `w${index}-r${round}`).map((movement) => ({ movement })));
        }
      }),
    );
    await forcedConflict(writers);
    writing = false;
    await Promise.all([checking, folding, changingThresholds]);

    expect(snapshots.length).toBeGreaterThan(3);
    expect(thresholdChanges).toBeGreaterThan(3);
    // Every balance is counted under its item's threshold now.
    expect(
      await first.query(
        `SELECT b.sku, b.location_id FROM inventory_ledger.stock_balance b LEFT JOIN inventory_ledger.item_setting i ON i.sku = b.sku
          WHERE b.counted_threshold IS DISTINCT FROM i.low_stock_threshold`,
      ),
    ).toEqual([]);
    expect(snapshots.flat()).toEqual([]);
    expect((await conflictCount()) - conflictsBefore).toBeGreaterThan(0);
    // Exact with deltas left unfolded, and after folding all of them.
    expect(await differencesInOneSnapshot(first)).toEqual([]);
    await folders[0]!.foldNow();
    expect(Number((await first.query(`SELECT count(*) AS n FROM inventory_ledger.valuation_delta`))[0].n)).toBe(0);
    expect(await differencesInOneSnapshot(first)).toEqual([]);
    await Promise.all(folders.map((folder) => folder.onApplicationShutdown()));
  });

  it('answers the valuation and the cost of goods sold by day and month as the sums say', async () => {
    const service = new ValuationQueryService(first, config);
    const overall = await service.valuation();
    const [sums]: Array<Record<string, string>> = await first.query(
      `SELECT SUM(inventory_value)::numeric(24,4)::text AS value, SUM(on_hand)::text AS on_hand, count(*)::text AS balances
         FROM inventory_ledger.stock_balance WHERE version > 0`,
    );
    expect(overall).toMatchObject({ locationId: null, inventoryValue: sums!['value'], onHand: Number(sums!['on_hand']), balances: Number(sums!['balances']) });
    expect(overall.locations.map((location) => location.locationId)).toEqual(LOCATIONS);
    expect(await service.valuation('S2')).toMatchObject({ locationId: 'S2', locations: [overall.locations[1]] });

    const byDay = await service.costOfGoodsSold({ from: DAYS[1]!, to: DAYS[2]!, locationId: 'S1', groupBy: 'day' });
    const direct: Array<{ period: string; cogs: string }> = await first.query(
      `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS period, SUM(cost_of_goods_sold)::numeric(24,4)::text AS cogs
         FROM inventory_ledger.movement WHERE location_id = 'S1' AND (occurred_at AT TIME ZONE 'UTC')::date BETWEEN $1 AND $2
        GROUP BY 1 HAVING SUM(cost_of_goods_sold) <> 0 ORDER BY 1`,
      [DAYS[1], DAYS[2]],
    );
    expect(byDay.periods).toEqual(direct.map((row) => ({ period: row.period, costOfGoodsSold: row.cogs })));
    expect(byDay.periods.length).toBeGreaterThan(0);
    const byMonth = await service.costOfGoodsSold({ from: '2026-11-01', to: '2026-12-31', groupBy: 'month' });
    const [all]: Array<{ cogs: string }> = await first.query(`SELECT SUM(cost_of_goods_sold)::numeric(24,4)::text AS cogs FROM inventory_ledger.movement`);
    expect(byMonth).toMatchObject({ costOfGoodsSold: all!.cogs, periods: [{ period: '2026-11', costOfGoodsSold: all!.cogs }] });
    expect(overall.costOfGoodsSold).toBe(all!.cogs);
  });

  it("backfills the totals of an existing ledger from its balances and movements", async () => {
    const before = await new ValuationQueryService(first, config).valuation();
    const migration = new ReadsBoundedByTheQuestion1766100000000();
    const runner = owner.createQueryRunner();
    // The migration's changes to the movement table itself (a column, the version index) are not
    // undone and redone: since migration 1767000000000 that table is partitioned, and its version
    // index holds the partition key. Its valuation tables and their backfill are.
    const valuationOnly = new Proxy(runner, {
      get: (target, property) =>
        property === 'query'
          ? (sql: string, parameters?: unknown[]) => (/ALTER TABLE "[^"]+"\.movement\b/.test(sql) ? Promise.resolve() : target.query(sql, parameters))
          : Reflect.get(target, property),
    });
    try {
      await migration.down(valuationOnly);
      await migration.up(valuationOnly);
      // The state totals are columns of the tables created anew: added again, and set from the balances.
      await new LocationStockStates1769020000000().up(valuationOnly);
    } finally {
      await runner.release();
    }
    // The tables were created anew: the migrate step gives the ledger's login role its grants again.
    await migrateServiceDatabase(ledgerDatabaseOptions(config));
    expect(await new ValuationQueryService(first, config).valuation()).toEqual(before);
    expect(await differencesInOneSnapshot(first)).toEqual([]);
  });

  /** Writer 0 changes a balance and holds its transaction until writer 1's batch of the same key waits for it. */
  async function forcedConflict(writers: LedgerWriter[]): Promise<void> {
    let release!: () => void;
    const mayCommit = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const holder = writers[0]!.applyBatch([{ movement: sale('held-sale', 'SKU-0', 'S1', 1, DAYS[2]!) }], new Date(), async () => {
      holding();
      await mayCommit;
    });
    await held;
    const waiting = writers[1]!.applyBatch([{ movement: sale('waiting-sale', 'SKU-0', 'S1', 1, DAYS[2]!) }]);
    const observer = new Client({ connectionString: database.url });
    await observer.connect();
    try {
      await waitFor(
        async () => (await observer.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rowCount! > 0,
        { timeoutMs: 10_000, intervalMs: 20, description: 'the second batch waiting for the first' },
      );
    } finally {
      await observer.end();
    }
    release();
    await Promise.all([holder, waiting]);
  }
});

async function conflictCount(): Promise<number> {
  return (await ledgerMetrics.balanceConflicts.get()).values.reduce((sum, { value }) => sum + value, 0);
}

/**
 * Every difference between the valuation totals (folded and not) and the sums over balances and
 * movements, read in one REPEATABLE READ snapshot; empty when exact.
 */
async function differencesInOneSnapshot(dataSource: DataSource): Promise<string[]> {
  return dataSource.transaction('REPEATABLE READ', async (manager: EntityManager) => {
    const sql = new ValuationSql('inventory_ledger');
    const totals = await sql.locationTotals(manager);
    const sums: Array<Record<string, string>> = await manager.query(
      `SELECT location_id AS "locationId", SUM(on_hand)::text AS "onHand", SUM(inventory_value)::numeric(24,4)::text AS "inventoryValue",
              SUM(in_transit_value)::numeric(24,4)::text AS "inTransitValue", SUM(cogs)::numeric(24,4)::text AS "costOfGoodsSold", SUM(balances)::text AS balances,
              SUM(negative)::text AS negative, SUM(stockout)::text AS stockout, SUM(low)::text AS low
         FROM (SELECT location_id, on_hand, inventory_value, in_transit_value, 0 AS cogs, 1 AS balances, (on_hand < 0)::int AS negative,
                      (on_hand = 0)::int AS stockout, COALESCE(on_hand > 0 AND on_hand <= counted_threshold, false)::int AS low
                 FROM inventory_ledger.stock_balance WHERE version > 0
               UNION ALL
               SELECT location_id, 0, 0, 0, cost_of_goods_sold, 0, 0, 0, 0 FROM inventory_ledger.movement) AS figures
        GROUP BY location_id ORDER BY location_id`,
    );
    const differences: string[] = [];
    if (JSON.stringify(totals) !== JSON.stringify(sums)) differences.push(`totals ${JSON.stringify(totals)} <> sums ${JSON.stringify(sums)}`);
    const days = await sql.costOfGoodsSold(manager, { from: DAYS[0]!, to: DAYS[2]!, groupBy: 'day' });
    const daySums: Array<{ period: string; costOfGoodsSold: string }> = await manager.query(
      `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS period, SUM(cost_of_goods_sold)::numeric(24,4)::text AS "costOfGoodsSold"
         FROM inventory_ledger.movement GROUP BY 1 HAVING SUM(cost_of_goods_sold) <> 0 ORDER BY 1`,
    );
    if (JSON.stringify(days) !== JSON.stringify(daySums)) differences.push(`days ${JSON.stringify(days)} <> sums ${JSON.stringify(daySums)}`);
    return differences;
  });
}

function openingStock(writer: number): InventoryMovementV1[] {
  const movements: InventoryMovementV1[] = [];
  for (let sku = 0; sku < 100; sku += 1) {
    for (const locationId of LOCATIONS) {
      for (let lot = 0; lot < 2; lot += 1) {
        movements.push({
          movementId: `open-${writer}-${sku}-${locationId}-${lot}`,
          kind: 'receipt',
          sku: `SKU-${sku}`,
          locationId,
          quantity: 100 + lot,
          unitCost: `${1 + writer + lot}.${String(sku).padStart(4, '0')}`,
          occurredAt: `${DAYS[0]}T06:00:00.000Z`,
          source: { system: 'erp', documentId: `GRN-${writer}` },
        });
      }
    }
  }
  return movements;
}

/** A small batch of shop trading on a few hot keys, dated over the days, some late. */
function trading(random: () => number, prefix: string): InventoryMovementV1[] {
  return Array.from({ length: 1 + Math.floor(random() * 6) }, (_, index) => {
    const movementId = `${prefix}-${index}`;
    // Now and then a receipt of a new item (NEW-*): its first ones create balances while its threshold may change.
    if (random() < 0.1) {
      const locationId = LOCATIONS[Math.floor(random() * LOCATIONS.length)]!;
      return { movementId, kind: 'receipt', sku: `NEW-${Math.floor(random() * 3)}`, locationId, quantity: 1 + Math.floor(random() * 5), unitCost: '1.5000', occurredAt: `${DAYS[1]}T09:00:00.000Z`, source: { system: 'erp', documentId: movementId } };
    }
    const sku = `SKU-${Math.floor(random() * 4)}`;
    const locationId = LOCATIONS[Math.floor(random() * LOCATIONS.length)]!;
    const day = DAYS[Math.floor(random() * DAYS.length)]!;
    const quantity = 1 + Math.floor(random() * 5);
    const kind = random();
    if (kind < 0.6) return sale(movementId, sku, locationId, quantity, day);
    if (kind < 0.7) return { ...pos(movementId, locationId, day), kind: 'return', sku, locationId, quantity };
    if (kind < 0.8) return { movementId, kind: 'receipt', sku, locationId, quantity, unitCost: '2.3333', occurredAt: `${day}T09:00:00.000Z`, source: { system: 'erp', documentId: movementId } };
    if (kind < 0.9) {
      const toLocationId = LOCATIONS.find((location) => location !== locationId)!;
      return { movementId, kind: 'transfer-out', sku, locationId, toLocationId, transferId: movementId, quantity, occurredAt: `${day}T10:00:00.000Z`, source: { system: 'wms', documentId: movementId } };
    }
    return { movementId, kind: 'count', sku, locationId, countId: movementId, countedQuantity: 150, occurredAt: `${day}T20:00:00.000Z`, source: { system: 'ops', documentId: movementId } };
  });
}

function sale(movementId: string, sku: string, locationId: string, quantity: number, day: string): InventoryMovementV1 {
  return { ...pos(movementId, locationId, day), kind: 'sale', sku, locationId, quantity };
}

function pos(movementId: string, storeId: string, day: string) {
  return { movementId, occurredAt: `${day}T12:00:00.000Z`, source: { system: 'pos' as const, storeId, terminalId: 'T1', transactionId: movementId, lineNumber: 1 } };
}

/** The same sequence every run: a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
