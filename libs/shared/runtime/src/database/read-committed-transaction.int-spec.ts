import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import type { DataSource } from 'typeorm';
import { readCommittedTransaction } from './read-committed-transaction';
import { openOwnerDatabase } from './service-data-source';

describe('readCommittedTransaction (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase('runtime-tx');
    // A server whose default is stricter must not change what the services run at.
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`ALTER DATABASE "${database.name}" SET default_transaction_isolation = 'serializable'`);
    await admin.end();
    dataSource = await openOwnerDatabase({ url: database.url, ownerUrl: database.url, schema: 'tx_demo', entities: [], migrations: [], poolSize: 2 });
    await dataSource.query('CREATE TABLE tx_demo.entry (id int PRIMARY KEY)');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('runs the work in one READ COMMITTED transaction and commits what it wrote', async () => {
    const seen = await readCommittedTransaction(dataSource, async (manager) => {
      await manager.query('INSERT INTO tx_demo.entry VALUES (1)');
      const [{ transaction_isolation }] = await manager.query('SHOW transaction_isolation');
      const [{ in_transaction }] = await manager.query(`SELECT now() = statement_timestamp() AS in_transaction`);
      return { transaction_isolation, in_transaction };
    });
    expect(seen).toEqual({ transaction_isolation: 'read committed', in_transaction: false });
    expect(await dataSource.query('SELECT id FROM tx_demo.entry ORDER BY id')).toEqual([{ id: 1 }]);
  });

  it('rolls back everything when the work throws, reports that error and gives the connection back', async () => {
    await expect(
      readCommittedTransaction(dataSource, async (manager) => {
        await manager.query('INSERT INTO tx_demo.entry VALUES (2)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      readCommittedTransaction(dataSource, (manager) => manager.query('INSERT INTO tx_demo.entry VALUES (1)')),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await dataSource.query('SELECT id FROM tx_demo.entry ORDER BY id')).toEqual([{ id: 1 }]);
    // Both connections of the pool are free again: two transactions at once still run.
    await Promise.all([1, 2].map((n) => readCommittedTransaction(dataSource, (manager) => manager.query('SELECT $1::int AS n', [n]))));
  });
});
