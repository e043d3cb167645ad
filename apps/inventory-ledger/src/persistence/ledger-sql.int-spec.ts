// A batch's statements against the real database: locking its balances (existing ones locked,
// missing ones created, and a key another transaction creates meanwhile found and locked once it
// commits), reading what it needs in one statement, and writing it in one that commits or fails
// whole.
import type { DataSource, EntityManager } from 'typeorm';
import { emptyBalance, type StockBalance } from '@ledgerline/inventory-domain';
import { openServiceDatabase, readCommittedTransaction } from '@ledgerline/runtime';
import { createTestDatabase, tablesReadBy, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { BalanceWriteConflict, LedgerSql, type MovementRow } from './ledger-sql';

jest.setTimeout(60_000);

let database: TestDatabase;
let dataSource: DataSource;
const sql = new LedgerSql('inventory_ledger');

// One database for the file; the tests use SKUs of their own.
beforeAll(async () => {
  database = await createTestDatabase('ledger-sql');
  const config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '4' });
  dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

describe('LedgerSql.lockBalances (real PostgreSQL)', () => {

  const createBalance = (manager: Pick<EntityManager, 'query'>, sku: string, onHand: number) =>
    manager.query(`INSERT INTO inventory_ledger.stock_balance (sku, location_id, on_hand, version) VALUES ($1, 'S1', $2, 1)`, [sku, onHand]);

  const lockedElsewhere = (sku: string) =>
    readCommittedTransaction(dataSource, (manager) => manager.query(`SELECT 1 FROM inventory_ledger.stock_balance WHERE sku = $1 FOR UPDATE NOWAIT`, [sku])).then(
      () => false,
      (error: { code?: string }) => error.code === '55P03',
    );

  it('locks the existing balances and creates the missing ones, all held until the end', async () => {
    await createBalance(dataSource, 'KNOWN', 7);
    const seen = await readCommittedTransaction(dataSource, async (manager) => {
      const balances = await sql.lockBalances(manager, [
        { sku: 'NEW', locationId: 'S1' },
        { sku: 'KNOWN', locationId: 'S1' },
      ]);
      return { balances, knownLocked: await lockedElsewhere('KNOWN'), newLocked: await lockedElsewhere('NEW') };
    });
    expect(seen.balances.balances.get('KNOWN@S1')).toMatchObject({ onHand: 7, version: 1 });
    expect(seen.balances.balances.get('NEW@S1')).toMatchObject({ onHand: 0, version: 0 });
    expect(seen.knownLocked).toBe(true);
    // The created row is not visible to others before the commit, so they cannot lock it at all.
    expect(seen.newLocked).toBe(false);
    expect(await lockedElsewhere('KNOWN')).toBe(false);
  });

  it('finds and locks a balance another transaction created while this one looked for it', async () => {
    let commitOther!: () => void;
    const otherMayCommit = new Promise<void>((resolve) => (commitOther = resolve));
    let otherInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (otherInserted = resolve));
    const other = readCommittedTransaction(dataSource, async (manager) => {
      await createBalance(manager, 'RACED', 5);
      otherInserted();
      await otherMayCommit;
    });
    await inserted;
    // Not visible yet: the lock finds nothing, the insert waits for the other transaction's key.
    const locking = readCommittedTransaction(dataSource, (manager) => sql.lockBalances(manager, [{ sku: 'RACED', locationId: 'S1' }]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    commitOther();
    await other;
    const balances = await locking;
    expect(balances.balances.get('RACED@S1')).toMatchObject({ onHand: 5, version: 1 });
  });
});

describe('LedgerSql.batchFacts and writeBatch (real PostgreSQL)', () => {
  const occurredAt = '2026-12-01T08:00:00.000Z';
  const received = (sku: string, quantity: number, version: number): StockBalance => ({
    ...emptyBalance(sku, 'S1'),
    onHand: quantity,
    inventoryValue: BigInt(quantity) * 20_000n,
    averageUnitCost: 20_000n,
    version,
    lastMovementAt: Date.parse(occurredAt),
  });
  const movementRow = (movementSeq: number, movementId: string, balanceAfter: StockBalance, quantityDelta: number): MovementRow => ({
    movementSeq,
    movementId,
    kind: 'receipt',
    sku: balanceAfter.sku,
    locationId: balanceAfter.locationId,
    quantityDelta,
    inTransitDelta: 0,
    onOrderDelta: 0,
    valueDelta: BigInt(quantityDelta) * 20_000n,
    inTransitValueDelta: 0n,
    costOfGoodsSold: 0n,
    balanceAfter,
    occurredAt,
    lastMovementAtAfter: occurredAt,
    postingDay: null,
    recordedAt: occurredAt,
    causedByMovementId: null,
    causeEventId: null,
    correlationId: null,
    payload: { movementId, note: 'tab\there, a line\nbreak and a backslash \\' },
  });
  const outboxRow = (eventId: string) => ({ eventId, topic: 'inventory.alerts.v1', key: 'k', payload: { eventId }, movementId: null });
  const count = async (table: string, column: string, value: string) =>
    Number((await dataSource.query(`SELECT count(*)::int AS n FROM inventory_ledger.${table} WHERE ${column} = $1`, [value]))[0].n);

  it('reads balances, applied ids, item settings and fresh numbers in one statement', async () => {
    await sql.writeBatch(dataSource.manager, {
      balances: [{ balance: received('READ', 4, 1), lastMovementId: 'grn-read', readVersion: null, readOnHand: null, countedThreshold: null, readCountedThreshold: null }],
      movements: [movementRow(9_000_001, 'grn-read', received('READ', 4, 1), 4)],
      outbox: [],
      closedThrough: null, valuationDeltas: [],
    });
    await dataSource.query(`INSERT INTO inventory_ledger.item_setting (sku, description, low_stock_threshold) VALUES ('READ', 'Read me', 2)`);
    const facts = await sql.batchFacts(dataSource.manager, {
      keys: [{ sku: 'READ', locationId: 'S1' }, { sku: 'NONE', locationId: 'S1' }],
      movementIds: ['grn-read', 'grn-unseen'],
      skus: ['READ', 'NONE'],
      seqCount: 3,
      counts: [],
    });
    expect([...facts.balances.keys()]).toEqual(['READ@S1']);
    expect(facts.balances.get('READ@S1')).toEqual(received('READ', 4, 1));
    expect([...facts.alreadyApplied.keys()]).toEqual(['grn-read']);
    expect(facts.items.get('READ')).toEqual({ lowStockThreshold: 2, active: true, valuationMethod: 'moving-average' });
    expect(facts.fifoLayers.size).toBe(0);
    expect(facts.items.has('NONE')).toBe(false);
    expect(facts.movementSeqs).toHaveLength(3);
    expect(facts.movementSeqs).toEqual([...facts.movementSeqs].sort((a, b) => a - b));
  });

  it('plans a batch without counts over no month of movements, and reads ids applied before from their own months only', async () => {
    await sql.writeBatch(dataSource.manager, {
      balances: [{ balance: received('MONTHS', 2, 1), lastMovementId: 'grn-months', readVersion: null, readOnHand: null, countedThreshold: null, readCountedThreshold: null }],
      movements: [movementRow(9_000_101, 'grn-months', received('MONTHS', 2, 1), 2)],
      outbox: [],
      closedThrough: null, valuationDeltas: [],
    });
    const statements: Array<{ text: string; parameters: unknown[] }> = [];
    const recording = {
      query: (text: string, parameters: unknown[]) => {
        statements.push({ text, parameters });
        return dataSource.query(text, parameters);
      },
    };
    const wanted = (movementIds: string[]) => ({ keys: [{ sku: 'MONTHS', locationId: 'S1' }], movementIds, skus: ['MONTHS'], seqCount: 1, counts: [] });
    // The months each statement's plan reads, as the server plans it with these values.
    const monthsPlanned = async ({ text, parameters }: { text: string; parameters: unknown[] }) => {
      const plan = JSON.stringify(await dataSource.query(`EXPLAIN (FORMAT JSON) ${text}`, parameters));
      return [...plan.matchAll(/"Relation Name":"(movement[a-z0-9_]*)"/g)].map((match) => match[1]);
    };

    await sql.batchFacts(recording, wanted(['grn-new']));
    expect(statements).toHaveLength(1);
    expect(await monthsPlanned(statements[0]!)).toEqual([]);

    statements.length = 0;
    const facts = await sql.batchFacts(recording, wanted(['grn-months']));
    expect(facts.alreadyApplied.get('grn-months')).toEqual(expect.any(String));
    expect(statements).toHaveLength(2);
    expect(await monthsPlanned(statements[0]!)).toEqual([]);
    const read = await monthsPlanned(statements[1]!);
    const partitions: Array<{ name: string }> = await dataSource.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'inventory_ledger.movement'::regclass`,
    );
    expect(partitions.length).toBeGreaterThan(2);
    expect(read).toHaveLength(1);
    expect(partitions.map((partition) => partition.name)).toContain(read[0]);
  });

  it('reads a batch of hundreds of keys by probes of their indexes, never the whole balance, applied-id or catalog table', async () => {
    // Thousands of rows no statistics describe (the tables are never analysed here): joined to
    // the batch's lists as a whole, the planner read each table in full into a hash.
    await dataSource.query(
      `INSERT INTO inventory_ledger.stock_balance (sku, location_id, on_hand, version) SELECT 'PROBE-' || n, 'S1', 1, 1 FROM generate_series(1, 20000) n`,
    );
    await dataSource.query(
      `INSERT INTO inventory_ledger.applied_movement_id (movement_id, movement_seq, recorded_at) SELECT 'probe-' || n, 8000000 + n, now() FROM generate_series(1, 20000) n`,
    );
    await dataSource.query(`INSERT INTO inventory_ledger.item_setting (sku, description) SELECT 'PROBE-' || n, 'probe' FROM generate_series(1, 5000) n`);
    const batch = Array.from({ length: 600 }, (_, index) => index * 7 + 1);
    const statements: Array<{ text: string; parameters: unknown[] }> = [];
    const recording = {
      query: (text: string, parameters: unknown[]) => {
        statements.push({ text, parameters });
        return dataSource.query(text, parameters);
      },
    };
    const facts = await sql.batchFacts(recording, {
      keys: batch.map((n) => ({ sku: `PROBE-${n}`, locationId: 'S1' })),
      movementIds: [...batch.map((n) => `probe-${n}`), 'probe-1', 'probe-new'],
      skus: batch.map((n) => `PROBE-${n}`),
      seqCount: 1,
      counts: [],
    });
    expect(facts.balances.size).toBe(600);
    expect(facts.alreadyApplied.size).toBe(600);
    expect(facts.items.size).toBe(batch.filter((n) => n <= 5000).length);
    const plan = await dataSource.query(`EXPLAIN (FORMAT JSON) ${statements[0]!.text}`, statements[0]!.parameters);
    expect(tablesReadBy(plan, 'Seq Scan')).toEqual([]);
    expect(tablesReadBy(plan, 'Index Scan')).toEqual(expect.arrayContaining(['stock_balance', 'applied_movement_id', 'item_setting', 'stock_layer']));
  });

  it("reads each count's book quantity as of its time: the balance less the movements dated after it", async () => {
    const at = (hour: number) => `2026-12-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
    const moved = (movementSeq: number, quantityDelta: number, onHandAfter: number, version: number, hour: number, latestHour: number): MovementRow => ({
      ...movementRow(movementSeq, `counted-${movementSeq}`, { ...received('COUNTED', onHandAfter, version), lastMovementAt: Date.parse(at(latestHour)) }, quantityDelta),
      occurredAt: at(hour),
      lastMovementAtAfter: at(latestHour),
      postingDay: null,
    });
    // The third arrives late: dated 10:00, after a movement dated 12:00.
    const rows = [moved(9_000_030, 10, 10, 1, 8, 8), moved(9_000_031, -3, 7, 2, 12, 12), moved(9_000_032, -2, 5, 3, 10, 12)];
    await sql.writeBatch(dataSource.manager, {
      balances: [{ balance: rows[2]!.balanceAfter, lastMovementId: rows[2]!.movementId, readVersion: null, readOnHand: null, countedThreshold: null, readCountedThreshold: null }],
      movements: rows,
      outbox: [],
      closedThrough: null, valuationDeltas: [],
    });
    const count = (movementId: string, hour: number, sku = 'COUNTED') => ({ movementId, sku, locationId: 'S1', at: Date.parse(at(hour)) });
    const facts = await sql.batchFacts(dataSource.manager, {
      keys: [],
      movementIds: [],
      skus: [],
      seqCount: 0,
      counts: [count('c-7h', 7), count('c-8h', 8), count('c-9h', 9), count('c-11h', 11), count('c-13h', 13), count('c-never', 9, 'NEVER-MOVED')],
    });
    expect(Object.fromEntries(facts.countBaselines)).toEqual({ 'c-7h': 0, 'c-8h': 10, 'c-9h': 10, 'c-11h': 8, 'c-13h': 5, 'c-never': 0 });
  });

  it('writes balances, movements (payload text as given) and outbox rows together', async () => {
    const row = movementRow(9_000_010, 'grn-together', received('TOGETHER', 6, 1), 6);
    await sql.writeBatch(dataSource.manager, {
      balances: [{ balance: received('TOGETHER', 6, 1), lastMovementId: 'grn-together', readVersion: null, readOnHand: null, countedThreshold: null, readCountedThreshold: null }],
      movements: [row],
      outbox: [outboxRow('alert:together')],
      closedThrough: null, valuationDeltas: [{ locationId: 'S1', day: '2026-12-01', onHand: 6, inventoryValue: 120_000n, inTransitValue: 0n, costOfGoodsSold: 0n, balances: 1, negative: 0, stockout: 0, low: 0 }],
    });
    const [stored]: Array<{ payload: string; on_hand_after: string }> = await dataSource.query(
      `SELECT payload::text AS payload, on_hand_after::text AS on_hand_after FROM inventory_ledger.movement WHERE movement_id = 'grn-together'`,
    );
    expect(stored).toEqual({ payload: JSON.stringify(row.payload), on_hand_after: '6' });
    expect(await count('stock_balance', 'sku', 'TOGETHER')).toBe(1);
    expect(await count('outbox', 'event_id', 'alert:together')).toBe(1);
    expect(await dataSource.query(`SELECT on_hand::int, inventory_value::text, balances FROM inventory_ledger.valuation_delta WHERE location_id = 'S1' AND day = '2026-12-01'`)).toEqual([
      { on_hand: 6, inventory_value: '12.0000', balances: 1 },
    ]);
  });

  it('keeps nothing of a batch whose balance changed or was created since it was read', async () => {
    await sql.writeBatch(dataSource.manager, {
      balances: [{ balance: received('MOVED', 5, 1), lastMovementId: 'grn-moved-1', readVersion: null, readOnHand: null, countedThreshold: null, readCountedThreshold: null }],
      movements: [movementRow(9_000_020, 'grn-moved-1', received('MOVED', 5, 1), 5)],
      outbox: [],
      closedThrough: null, valuationDeltas: [],
    });
    // Read at version 0 (before the receipt above): the update finds version 1 and writes nothing.
    const stale = sql.writeBatch(dataSource.manager, {
      balances: [
        { balance: received('FRESH-KEY', 1, 1), lastMovementId: 'grn-fresh', readVersion: null, readOnHand: null, countedThreshold: null, readCountedThreshold: null },
        { balance: received('MOVED', 3, 1), lastMovementId: 'grn-moved-2', readVersion: 0, readOnHand: 0, countedThreshold: null, readCountedThreshold: null },
      ],
      movements: [movementRow(9_000_021, 'grn-fresh', received('FRESH-KEY', 1, 1), 1), movementRow(9_000_022, 'grn-moved-2', received('MOVED', 3, 1), 3)],
      outbox: [outboxRow('alert:stale')],
      closedThrough: null, valuationDeltas: [{ locationId: 'STALE', day: '2026-12-01', onHand: 4, inventoryValue: 80_000n, inTransitValue: 0n, costOfGoodsSold: 0n, balances: 1, negative: 0, stockout: 0, low: 0 }],
    });
    await expect(stale).rejects.toBeInstanceOf(BalanceWriteConflict);
    await expect(stale).rejects.toMatchObject({ balances: 1 });
    // Created meanwhile: a batch that found no balance must not overwrite the one now there.
    const created = sql.writeBatch(dataSource.manager, {
      balances: [{ balance: received('MOVED', 9, 1), lastMovementId: 'grn-moved-3', readVersion: null, readOnHand: null, countedThreshold: null, readCountedThreshold: null }],
      movements: [],
      outbox: [outboxRow('alert:created')],
      closedThrough: null, valuationDeltas: [],
    });
    await expect(created).rejects.toMatchObject({ balances: 1 });
    expect(await count('stock_balance', 'sku', 'FRESH-KEY')).toBe(0);
    expect(await count('movement', 'movement_id', 'grn-fresh')).toBe(0);
    expect(await count('movement', 'movement_id', 'grn-moved-2')).toBe(0);
    expect(await count('outbox', 'event_id', 'alert:stale')).toBe(0);
    expect(await count('outbox', 'event_id', 'alert:created')).toBe(0);
    expect(await count('valuation_delta', 'location_id', 'STALE')).toBe(0);
    expect((await sql.batchFacts(dataSource.manager, { keys: [{ sku: 'MOVED', locationId: 'S1' }], movementIds: [], skus: [], seqCount: 0, counts: [] })).balances.get('MOVED@S1')).toMatchObject({
      onHand: 5,
      version: 1,
    });
  });

  it('raises no back-in-stock for a first receipt applied again on the row lockBalances created, and available-zero for a first sale', async () => {
    const locked = await readCommittedTransaction(dataSource, (manager) => sql.lockBalances(manager, [{ sku: 'FIRST-RECEIPT', locationId: 'S1' }, { sku: 'FIRST-SALE', locationId: 'S1' }]));
    expect(locked.balances.get('FIRST-RECEIPT@S1')).toMatchObject({ version: 0 });
    const write = (sku: string, onHand: number) => ({ balance: received(sku, onHand, 1), lastMovementId: `m-${sku}`, readVersion: 0, readOnHand: 0, countedThreshold: null, readCountedThreshold: null });
    await sql.writeBatch(dataSource.manager, { balances: [write('FIRST-RECEIPT', 4), write('FIRST-SALE', -1)], movements: [], outbox: [], closedThrough: null, valuationDeltas: [] });
    const alerts = await dataSource.query(`SELECT payload->>'sku' AS sku, payload->>'type' AS type FROM inventory_ledger.outbox WHERE payload->>'sku' IN ('FIRST-RECEIPT', 'FIRST-SALE') ORDER BY 1`);
    // As for a balance created by the statement itself: a key without one counts as available.
    expect(alerts).toEqual([{ sku: 'FIRST-SALE', type: 'available-zero' }]);
  });

  it("re-counts an item's balances when its threshold changes, and refuses a write read under the threshold before", async () => {
    const item = (lowStockThreshold: number, updatedAt: string) => ({ sku: 'THRESHOLD', description: 'Counted', lowStockThreshold, active: true, updatedAt });
    await dataSource.transaction((manager) => sql.upsertItemSettings(manager, [item(5, '2026-12-01T00:00:00.000Z')]));
    await sql.writeBatch(dataSource.manager, {
      balances: [{ balance: received('THRESHOLD', 8, 1), lastMovementId: 'grn-threshold', readVersion: null, readOnHand: null, countedThreshold: 5, readCountedThreshold: null }],
      movements: [],
      outbox: [],
      closedThrough: null, valuationDeltas: [],
    });
    const lowDeltas = async () => Number((await dataSource.query(`SELECT COALESCE(sum(low), 0)::int AS n FROM inventory_ledger.valuation_delta WHERE location_id = 'S1'`))[0].n);
    const before = await lowDeltas();
    // 8 is not low under 5, and low under 10: the balance enters the low state, recorded as a delta.
    await dataSource.transaction((manager) => sql.upsertItemSettings(manager, [item(10, '2026-12-02T00:00:00.000Z')]));
    expect(await dataSource.query(`SELECT counted_threshold FROM inventory_ledger.stock_balance WHERE sku = 'THRESHOLD'`)).toEqual([{ counted_threshold: 10 }]);
    expect(await lowDeltas()).toBe(before + 1);
    // An older catalog version delivered late changes nothing, and neither does the same threshold again.
    await dataSource.transaction((manager) => sql.upsertItemSettings(manager, [item(5, '2026-12-01T12:00:00.000Z'), item(10, '2026-12-03T00:00:00.000Z')]));
    expect(await lowDeltas()).toBe(before + 1);
    // A batch that read the balance when it was counted under 5 finds it counted under 10: it writes nothing.
    const stale = sql.writeBatch(dataSource.manager, {
      balances: [{ balance: received('THRESHOLD', 2, 2), lastMovementId: 'sale-threshold', readVersion: 1, readOnHand: 8, countedThreshold: 5, readCountedThreshold: 5 }],
      movements: [],
      outbox: [],
      closedThrough: null, valuationDeltas: [],
    });
    await expect(stale).rejects.toBeInstanceOf(BalanceWriteConflict);
    expect(await dataSource.query(`SELECT on_hand::int FROM inventory_ledger.stock_balance WHERE sku = 'THRESHOLD'`)).toEqual([{ on_hand: 8 }]);
    // A batch that read the item before its threshold changed would create a balance at another
    // location under the old one: nothing is created, and the batch applies again.
    const created = sql.writeBatch(dataSource.manager, {
      balances: [{ balance: { ...received('THRESHOLD', 3, 1), locationId: 'S2' }, lastMovementId: 'grn-threshold-s2', readVersion: null, readOnHand: null, countedThreshold: 5, readCountedThreshold: null }],
      movements: [],
      outbox: [],
      closedThrough: null, valuationDeltas: [],
    });
    await expect(created).rejects.toBeInstanceOf(BalanceWriteConflict);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM inventory_ledger.stock_balance WHERE sku = 'THRESHOLD' AND location_id = 'S2'`)).toEqual([{ n: 0 }]);
  });
});
