// Leadership among a service's instances for a job only one may do at a time (relaying an
// outbox in order, republishing): a session-level PostgreSQL advisory lock held on a connection
// of its own. Two traps this class exists to avoid:
//  - Returning a connection to the pool does not end its session, so a lock taken on it would
//    stay held by an idle pooled connection and nobody could lead again: giving up leadership
//    therefore unlocks explicitly before releasing the connection.
//  - pg emits 'error' on a checked-out client whose server session ends while it sits idle (a
//    database restart, pg_terminate_backend). Without a listener that event crashes the process;
//    here it is heard and counts as lost leadership, and the next attempt uses a new connection.
import type { DataSource, QueryRunner } from 'typeorm';

interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

export class LeaderLock {
  private runner: QueryRunner | undefined;
  private client: ErrorEmitter | undefined;
  private lostWith: Error | undefined;
  private readonly onConnectionError = (error: Error) => {
    this.lostWith = error;
  };

  constructor(
    private readonly dataSource: DataSource,
    /** Names the job, e.g. "inventory_ledger.outbox-relay"; every instance must use the same name. */
    private readonly name: string,
  ) {}

  get isLeader(): boolean {
    return this.runner !== undefined && this.lostWith === undefined;
  }

  /** True when this instance leads (now or already); false when another instance does. */
  async tryAcquire(): Promise<boolean> {
    if (this.isLeader) return true;
    await this.release();
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as ErrorEmitter;
    client.on('error', this.onConnectionError);
    this.lostWith = undefined;
    try {
      const rows: Array<{ locked: boolean }> = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [this.name]);
      if (rows[0]?.locked === true) {
        this.runner = runner;
        this.client = client;
        return true;
      }
    } catch (error) {
      client.removeListener('error', this.onConnectionError);
      await runner.release().catch(() => undefined);
      throw error;
    }
    client.removeListener('error', this.onConnectionError);
    await runner.release();
    return false;
  }

  /** Runs a statement on the leader's own connection; fails when leadership was lost. */
  async query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T> {
    if (this.runner === undefined) throw new Error(`not the leader of ${this.name}`);
    if (this.lostWith !== undefined) throw new Error(`lost the connection that held ${this.name}: ${this.lostWith.message}`);
    return (await this.runner.query(sql, parameters)) as T;
  }

  /** Gives up leadership (if held) and returns the connection. Safe to call at any time. */
  async release(): Promise<void> {
    const runner = this.runner;
    const client = this.client;
    this.runner = undefined;
    this.client = undefined;
    if (runner === undefined || runner.isReleased) return;
    // A broken connection lost its session and the lock with it; a healthy one must unlock.
    if (this.lostWith === undefined) await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [this.name]).catch(() => undefined);
    await runner.release().catch(() => undefined);
    // Back in the pool, the pool's own listener hears the client's errors.
    client?.removeListener('error', this.onConnectionError);
  }
}
