// Repairs a crash between recording a transaction and publishing it: every REPUBLISH_INTERVAL_MS
// it publishes accepted transactions left unpublished for longer than REPUBLISH_AFTER_MS. One
// instance does this at a time (a PostgreSQL advisory lock held on a dedicated connection); the
// others stand by and take over when its session ends. A transaction a live request is still
// publishing is under that request's claim and left to it; a claim whose lease ran out (its
// holder crashed) is taken over. If the crash came after Kafka's acknowledgement, the repeat
// carries the same movement ids and the ledger drops it.
import type { DataSource } from 'typeorm';
import { JsonLogger, LeaderLock } from '@ledgerline/runtime';
import type { TransactionStore } from '../persistence/transaction-store';
import type { ClaimedPublisher } from './claimed-publisher';

export interface RepublisherOptions {
  schema: string;
  intervalMs: number;
  afterMs: number;
  batchSize?: number;
}

export class Republisher {
  private readonly logger = new JsonLogger('Republisher');
  private readonly leadership: LeaderLock;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private lastError: string | undefined;

  constructor(
    dataSource: DataSource,
    private readonly transactions: TransactionStore,
    private readonly publication: ClaimedPublisher,
    private readonly options: RepublisherOptions,
  ) {
    this.leadership = new LeaderLock(dataSource, `${options.schema}.republisher`);
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.leadership.release();
  }

  status(): { leader: boolean; lastError?: string } {
    return { leader: this.leadership.isLeader, lastError: this.lastError };
  }

  /** Publishes what is overdue now; returns how many transactions went out. */
  async republishOverdue(): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    let total = 0;
    for (;;) {
      const keys = await this.transactions.stalePublicationKeys(this.options.afterMs, batchSize);
      if (keys.length === 0) return total;
      const published = await this.publication.publish(keys, 'republisher', { waitForOthers: false });
      total += published.length;
      if (published.length > 0) {
        this.logger.warn('republished transactions left unpublished', {
          count: published.length,
          transactionIds: published.slice(0, 100).map((entry) => entry.transactionId),
        });
      }
      // Nothing publishable among the overdue (voids waiting for an original another request holds): try next round.
      if (published.length === 0 || !this.running) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const wasLeader = this.leadership.isLeader;
        if (await this.leadership.tryAcquire()) {
          if (!wasLeader) this.logger.info('republishing for all instances');
          await this.republishOverdue();
        }
        this.lastError = undefined;
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.warn('republishing failed; retrying', { error: this.lastError });
        await this.leadership.release();
      }
      await this.idle(this.options.intervalMs);
    }
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
