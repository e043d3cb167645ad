// Locking a batch's balances against the real database: existing ones locked, missing ones
// created, and a key another transaction creates meanwhile found and locked once it commits.
import type { DataSource, EntityManager } from 'typeorm';
import { openServiceDatabase, readCommittedTransaction } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { LedgerSql } from './ledger-sql';

jest.setTimeout(60_000);

describe('LedgerSql.lockBalances (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const sql = new LedgerSql('inventory_ledger');

  beforeAll(async () => {
    database = await createTestDatabase('ledger-lock-balances');
    const config = ledgerConfigSchema.parse({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: '4' });
    dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

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
    expect(seen.balances.get('KNOWN@S1')).toMatchObject({ onHand: 7, version: 1 });
    expect(seen.balances.get('NEW@S1')).toMatchObject({ onHand: 0, version: 0 });
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
    expect(balances.get('RACED@S1')).toMatchObject({ onHand: 5, version: 1 });
  });
});
