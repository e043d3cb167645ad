import { createTestDatabase, waitFor, type TestDatabase } from '@ledgerline/testing';
import type { DataSource } from 'typeorm';
import { LeaderLock } from './leader-lock';
import { openOwnerDatabase } from './service-data-source';

describe('LeaderLock (real PostgreSQL)', () => {
  let database: TestDatabase;
  let first: DataSource;
  let second: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('leader-lock');
    const options = { url: database.url, ownerUrl: database.url, schema: 'leader_demo', entities: [], migrations: [], poolSize: 2, applicationName: 'leader-lock-test' };
    first = await openOwnerDatabase(options);
    second = await openOwnerDatabase(options);
  });

  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
    await database?.drop();
  });

  it('lets one instance lead, and another take over once it gives up, even though the connection went back to the pool', async () => {
    const a = new LeaderLock(first, 'leader_demo.job');
    const b = new LeaderLock(second, 'leader_demo.job');
    expect(await a.tryAcquire()).toBe(true);
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    await a.release();
    expect(await b.tryAcquire()).toBe(true);
    expect(await a.tryAcquire()).toBe(false);
    await b.release();
  });

  it('survives the server ending its session: leadership is lost, the process stays up, and it can lead again', async () => {
    const a = new LeaderLock(first, 'leader_demo.terminated');
    const b = new LeaderLock(second, 'leader_demo.terminated');
    expect(await a.tryAcquire()).toBe(true);
    const [{ pid }] = await a.query<Array<{ pid: number }>>('SELECT pg_backend_pid() AS pid');
    await second.query('SELECT pg_terminate_backend($1)', [pid]);
    await waitFor(() => !a.isLeader || undefined, { timeoutMs: 10_000, description: 'the lock holder to notice its session ended' });
    await expect(a.query('SELECT 1')).rejects.toThrow(/lost the connection/);
    expect(await b.tryAcquire()).toBe(true);
    await b.release();
    expect(await a.tryAcquire()).toBe(true);
    await a.release();
  });
});
