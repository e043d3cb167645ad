// Repairs a crash between recording a transaction and publishing it: every REPUBLISH_INTERVAL_MS
// it publishes accepted transactions left unpublished for longer than REPUBLISH_AFTER_MS. One
// instance does this at a time (a PostgreSQL advisory lock held on a dedicated connection); the
// others stand by and take over when its session ends. A transaction a live request is still
// publishing is locked, so the two never both publish it; if the crash came after Kafka's
// acknowledgement, the repeat carries the same movement ids and the ledger drops it.
import type { DataSource, QueryRunner } from 'typeorm';
import { JsonLogger } from '@ledgerline/runtime';
import type { TransactionStore } from '../persistence/transaction-store';
import type { MovementPublisher } from './movement-publisher';

export interface RepublisherOptions {
  schema: string;
  intervalMs: number;
  afterMs: number;
  batchSize?: number;
}

export class Republisher {
  private readonly logger = new JsonLogger('Republisher');
  private runner: QueryRunner | undefined;
  private running = false;
  private leader = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private lastError: string | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionStore,
    private readonly publisher: MovementPublisher,
    private readonly options: RepublisherOptions,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.dropLeadership();
  }

  status(): { leader: boolean; lastError?: string } {
    return { leader: this.leader, lastError: this.lastError };
  }

  /** Publishes what is overdue now; returns how many transactions went out. */
  async republishOverdue(): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    let total = 0;
    for (;;) {
      const keys = await this.transactions.stalePublicationKeys(this.options.afterMs, batchSize);
      if (keys.length === 0) return total;
      const published = await this.transactions.publishPending(keys, (publications) => this.publisher.send(publications, 'republisher'));
      total += published.length;
      if (published.length > 0) {
        this.logger.warn('republished transactions left unpublished', {
          count: published.length,
          transactionIds: published.slice(0, 100).map((entry) => entry.transactionId),
        });
      }
      // Nothing publishable among the overdue (voids waiting for an original someone else holds): try next round.
      if (published.length === 0 || !this.running) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.leader) this.leader = await this.tryBecomeLeader();
        if (this.leader) await this.republishOverdue();
        this.lastError = undefined;
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.warn('republishing failed; retrying', { error: this.lastError });
        await this.dropLeadership();
      }
      await this.idle(this.options.intervalMs);
    }
  }

  private async tryBecomeLeader(): Promise<boolean> {
    this.runner ??= this.dataSource.createQueryRunner();
    await this.runner.connect();
    const rows: Array<{ locked: boolean }> = await this.runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      `${this.options.schema}.republisher`,
    ]);
    const locked = rows[0]?.locked === true;
    if (locked) this.logger.info('republishing for all instances');
    return locked;
  }

  private async dropLeadership(): Promise<void> {
    this.leader = false;
    const runner = this.runner;
    this.runner = undefined;
    if (!runner || runner.isReleased) return;
    // release() returns the connection to the pool with its session, and the session holds the
    // lock: unlock explicitly. A broken connection has lost its session, and the lock with it.
    await runner.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await runner.release().catch(() => undefined);
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
