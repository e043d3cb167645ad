// One READ COMMITTED transaction on a connection of the pool, opened with a single statement.
// TypeORM's `dataSource.transaction(level, work)` sends START TRANSACTION and then SET TRANSACTION
// ISOLATION LEVEL as two statements, so every transaction paid one more round trip than it needs;
// on the services' hot paths (a ledger batch, a POS submission) that is one of every seven or
// eight round trips, and under load each waits for a busy event loop as well as for the server.
// The level stays explicit rather than left to the server's default: the services lock what they
// change (FOR UPDATE, advisory locks) and are written for READ COMMITTED whatever the server says.
import type { DataSource, EntityManager } from 'typeorm';

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export async function readCommittedTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('START TRANSACTION ISOLATION LEVEL READ COMMITTED');
    let result: T;
    try {
      result = await work(runner.manager);
      await runner.query('COMMIT');
    } catch (error) {
      // A failed COMMIT has already ended the transaction; a broken connection refuses the
      // ROLLBACK too. Either way the error to report is the first one.
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    return result;
  } finally {
    await runner.release();
  }
}
