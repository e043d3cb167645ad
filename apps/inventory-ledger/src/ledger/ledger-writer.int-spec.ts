// Two writers on one key at once, against the real database: what a rebalance, a stalled instance
// or a producer keying by something else can cause. Whatever the interleaving, every movement is
// applied once, the balance equals the sum of its movements and its versions run without a gap.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { movementFingerprint, type InventoryMovementV1 } from '@ledgerline/contracts';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, waitFor, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { ledgerMetrics } from './ledger-metrics';
import { LedgerWriter } from './ledger-writer';

jest.setTimeout(90_000);

describe('LedgerWriter with two writers on one key (real PostgreSQL)', () => {
  let database: TestDatabase;
  let first: DataSource;
  let second: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('ledger-writer-race');
    const config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '3' });
    first = await openServiceDatabase(ledgerDatabaseOptions(config));
    second = await openServiceDatabase(ledgerDatabaseOptions(config));
  });

  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
    await database?.drop();
  });

  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 8, 0) + minute * 60_000).toISOString();
  const receipt = (movementId: string, sku: string, quantity: number): InventoryMovementV1 => ({
    movementId,
    kind: 'receipt',
    sku,
    locationId: 'S1',
    quantity,
    unitCost: '2.0000',
    occurredAt: at(0),
    source: { system: 'erp', documentId: movementId },
  });
  const sale = (movementId: string, sku: string, quantity: number, minute: number): InventoryMovementV1 => ({
    movementId,
    kind: 'sale',
    sku,
    locationId: 'S1',
    quantity,
    occurredAt: at(minute),
    source: { system: 'pos', storeId: 'S1', terminalId: 'T1', transactionId: movementId, lineNumber: 1 },
  });

  const conflictCount = async () => (await ledgerMetrics.balanceConflicts.get()).values.reduce((sum, { value }) => sum + value, 0);

  async function ledgerOf(sku: string) {
    const [balance]: Array<{ on_hand: string; version: string; inventory_value: string }> = await first.query(
      `SELECT on_hand, version, inventory_value FROM inventory_ledger.stock_balance WHERE sku = $1 AND location_id = 'S1'`,
      [sku],
    );
    const movements: Array<{ movement_id: string; balance_version: string; quantity_delta: string; on_hand_after: string }> = await first.query(
      `SELECT movement_id, balance_version, quantity_delta, on_hand_after FROM inventory_ledger.movement
        WHERE sku = $1 AND location_id = 'S1' ORDER BY balance_version`,
      [sku],
    );
    let running = 0;
    const runningMatches = movements.every((row) => (running += Number(row.quantity_delta)) === Number(row.on_hand_after));
    return {
      onHand: Number(balance?.on_hand),
      version: Number(balance?.version),
      inventoryValue: balance?.inventory_value,
      versions: movements.map((row) => Number(row.balance_version)),
      movementIds: movements.map((row) => row.movement_id).sort(),
      runningMatches,
    };
  }

  it('applies interleaved batches of one key from two writers, each movement once, versions without a gap', async () => {
    const writers = [new LedgerWriter(first, 'inventory_ledger'), new LedgerWriter(second, 'inventory_ledger')];
    const rounds = 12;
    // Each round both writers apply a batch of the same two keys, one of them new in round 0.
    const batches = (writer: number) =>
      Array.from({ length: rounds }, (_, round) => [
        round === 0 ? receipt(`grn-${writer}`, 'HOT', 500) : sale(`w${writer}-r${round}-hot`, 'HOT', 1 + writer, round),
        round === 0 ? receipt(`grn-${writer}-new`, 'FRESH', 50) : sale(`w${writer}-r${round}-fresh`, 'FRESH', 1, round),
      ]);
    await Promise.all(
      writers.map(async (writer, index) => {
        for (const batch of batches(index)) await writer.applyBatch(batch.map((movement) => ({ movement })));
      }),
    );

    const hot = await ledgerOf('HOT');
    expect(hot.versions).toEqual(Array.from({ length: 2 * rounds }, (_, index) => index + 1));
    expect(hot.version).toBe(2 * rounds);
    expect(hot.onHand).toBe(1000 - (rounds - 1) * (1 + 2));
    expect(hot.inventoryValue).toBe((hot.onHand * 2).toFixed(4));
    expect(hot.runningMatches).toBe(true);
    const fresh = await ledgerOf('FRESH');
    expect(fresh.versions).toEqual(Array.from({ length: 2 * rounds }, (_, index) => index + 1));
    expect(fresh.onHand).toBe(100 - 2 * (rounds - 1));
    expect(fresh.runningMatches).toBe(true);
  });

  it('applies the same batch delivered to two writers at once exactly once', async () => {
    const batch = [receipt('grn-twice', 'TWICE', 40), sale('sale-twice-1', 'TWICE', 3, 1), sale('sale-twice-2', 'TWICE', 4, 2)];
    const results = await Promise.all(
      [first, second].map((dataSource) => new LedgerWriter(dataSource, 'inventory_ledger').applyBatch(batch.map((movement) => ({ movement })))),
    );
    expect(results.map((result) => result.applied + result.duplicates)).toEqual([3, 3]);
    expect(results.reduce((sum, result) => sum + result.applied, 0)).toBe(3);
    const twice = await ledgerOf('TWICE');
    expect(twice).toMatchObject({ onHand: 33, version: 3, versions: [1, 2, 3], runningMatches: true });
    expect(twice.movementIds).toEqual(['grn-twice', 'sale-twice-1', 'sale-twice-2']);
  });

  it('applies a batch again, on top, when another transaction changed its balance after the batch read it', async () => {
    const writer = new LedgerWriter(first, 'inventory_ledger');
    const conflictsBefore = await conflictCount();
    await writer.applyBatch([{ movement: receipt('grn-raced', 'RACED', 20) }]);
    // Another writer's transaction holds the balance, changed and not yet committed.
    let commitOther!: () => void;
    const otherMayCommit = new Promise<void>((resolve) => (commitOther = resolve));
    let otherChanged!: () => void;
    const changed = new Promise<void>((resolve) => (otherChanged = resolve));
    const other = new LedgerWriter(second, 'inventory_ledger').applyBatch([{ movement: sale('sale-raced-other', 'RACED', 5, 1) }], new Date(), async () => {
      otherChanged();
      await otherMayCommit;
    });
    await changed;
    const applying = writer.applyBatch([{ movement: sale('sale-raced-mine', 'RACED', 2, 2) }]);
    // Commit the other only once this batch waits for it, so it must have read the older balance.
    // The services act as a role that may not see other sessions' waits; the owner may.
    const observer = new Client({ connectionString: database.url });
    await observer.connect();
    try {
      await waitFor(
        async () => {
          const waiting = await observer.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
          return waiting.rowCount! > 0;
        },
        { timeoutMs: 10_000, intervalMs: 20, description: 'the batch waiting for the other transaction' },
      );
    } finally {
      await observer.end();
    }
    commitOther();
    await other;
    await expect(applying).resolves.toMatchObject({ applied: 1 });
    expect(await ledgerOf('RACED')).toMatchObject({ onHand: 13, version: 3, versions: [1, 2, 3], runningMatches: true });
    expect((await conflictCount()) - conflictsBefore).toBe(1);
  });

  it('refuses a cost in another currency without a rate, but skips one already applied as the duplicate it is', async () => {
    const dollars: Extract<InventoryMovementV1, { kind: 'receipt' }> = { ...(receipt('rcpt-usd', 'USD-TEA', 4) as Extract<InventoryMovementV1, { kind: 'receipt' }>), currency: 'USD' };
    // Applied by a ledger that valued in dollars, then delivered again to one that values in euros.
    await new LedgerWriter(first, 'inventory_ledger', undefined, undefined, 'USD').applyBatch([{ movement: dollars }]);
    const euros = new LedgerWriter(first, 'inventory_ledger', undefined, undefined, 'EUR');
    await expect(euros.applyBatch([{ movement: dollars }])).resolves.toMatchObject({ applied: 0, duplicates: 1 });

    const fresh = { ...dollars, movementId: 'rcpt-usd-2' };
    await expect(euros.applyBatch([{ movement: fresh }])).rejects.toMatchObject({ name: 'PermanentMessageError', code: 'LEDGER.CURRENCY_MISMATCH' });
    await expect(euros.applyBatch([{ movement: { ...fresh, exchangeRate: '0.9' } }])).resolves.toMatchObject({ applied: 1 });
    expect(await ledgerOf('USD-TEA')).toMatchObject({ onHand: 8, inventoryValue: '15.2000', movementIds: ['rcpt-usd', 'rcpt-usd-2'] });
  });

  it('refuses a reserved reason whatever source it claims, and refuses other content under the id of a variance it derived itself', async () => {
    const writer = new LedgerWriter(first, 'inventory_ledger');
    const count: InventoryMovementV1 = { movementId: 'count-JAM', kind: 'count', sku: 'JAM', locationId: 'S1', occurredAt: at(30), source: { system: 'ops', storeId: 'S1', documentId: 'CNT-1' }, countId: 'CNT-1', countedQuantity: 7 };
    await writer.applyBatch([{ movement: receipt('rcpt-JAM', 'JAM', 10) }, { movement: count }]);
    const [variance]: Array<{ movement_id: string }> = await first.query(
      `SELECT movement_id FROM inventory_ledger.movement WHERE sku = 'JAM' AND kind = 'adjustment'`,
    );
    expect(variance).toBeDefined();

    // A producer on the movements topic claiming to be the ledger is refused: the payload is its own word.
    const forged = (movementId: string, system: 'ledger' | 'erp', quantity = 50): InventoryMovementV1 => ({
      movementId,
      kind: 'adjustment',
      sku: 'JAM',
      locationId: 'S1',
      quantity,
      reasonCode: 'count-variance',
      occurredAt: at(40),
      source: { system, documentId: 'CNT-1' },
    });
    for (const claimed of [forged('forged-as-ledger', 'ledger'), forged('forged-as-erp', 'erp')]) {
      await expect(writer.applyBatch([{ movement: claimed }])).rejects.toMatchObject({ name: 'PermanentMessageError', code: 'LEDGER.RESERVED_REASON_CODE' });
    }
    // Other content under the id of the variance the ledger recorded is a conflict, not a duplicate to skip.
    await expect(writer.applyBatch([{ movement: forged(variance!.movement_id, 'ledger', -3) }])).rejects.toMatchObject({ name: 'PermanentMessageError', code: 'LEDGER.CONFLICT' });
    expect(await ledgerOf('JAM')).toMatchObject({ onHand: 7, movementIds: ['count-JAM', 'rcpt-JAM', variance!.movement_id].sort() });
  });

  it('refuses the same movement id with another body as LEDGER.CONFLICT, in a later batch or in the same one', async () => {
    const original = receipt('rcpt-conflict', 'CONFLICTED', 5);
    const writer = new LedgerWriter(first, 'inventory_ledger');
    await expect(writer.applyBatch([{ movement: original }])).resolves.toMatchObject({ applied: 1 });
    // Key order is not content: the same body sent again is a duplicate.
    const reordered = Object.fromEntries(Object.entries(original).reverse()) as InventoryMovementV1;
    await expect(writer.applyBatch([{ movement: reordered }])).resolves.toMatchObject({ applied: 0, duplicates: 1 });

    const changed = { ...original, quantity: 50 };
    await expect(writer.applyBatch([{ movement: changed }])).rejects.toMatchObject({ name: 'PermanentMessageError', code: 'LEDGER.CONFLICT' });
    const fresh = receipt('rcpt-conflict-2', 'CONFLICTED', 1);
    await expect(writer.applyBatch([{ movement: fresh }, { movement: { ...fresh, unitCost: '9.0000' } as InventoryMovementV1 }])).rejects.toMatchObject({ code: 'LEDGER.CONFLICT' });
    expect(await ledgerOf('CONFLICTED')).toMatchObject({ onHand: 5, movementIds: ['rcpt-conflict'] });

    // An id applied before fingerprints were kept cannot be compared: it stays a duplicate.
    await first.query(`INSERT INTO inventory_ledger.applied_movement_id (movement_id) VALUES ('rcpt-legacy')`);
    await expect(writer.applyBatch([{ movement: receipt('rcpt-legacy', 'CONFLICTED', 7) }])).resolves.toMatchObject({ applied: 0, duplicates: 1 });
    // One applied while ids kept the fingerprint itself, rather than pointing at their rows, is compared with it.
    const fingerprinted = receipt('rcpt-fingerprinted', 'CONFLICTED', 2);
    await first.query(`INSERT INTO inventory_ledger.applied_movement_id (movement_id, fingerprint) VALUES ($1, $2)`, [fingerprinted.movementId, movementFingerprint(fingerprinted)]);
    await expect(writer.applyBatch([{ movement: fingerprinted }])).resolves.toMatchObject({ applied: 0, duplicates: 1 });
    await expect(writer.applyBatch([{ movement: { ...fingerprinted, quantity: 3 } as InventoryMovementV1 }])).rejects.toMatchObject({ code: 'LEDGER.CONFLICT' });
    // Ids applied now point at their movement rows and keep no fingerprint of their own.
    expect(await first.query(`SELECT fingerprint, movement_seq IS NOT NULL AS points FROM inventory_ledger.applied_movement_id WHERE movement_id = 'rcpt-conflict'`)).toEqual([
      { fingerprint: null, points: true },
    ]);
  });
});
