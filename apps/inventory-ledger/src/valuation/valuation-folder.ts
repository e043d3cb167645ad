// Folds the valuation deltas batches write into the running totals, in the background. It runs
// only when told that batches were written (notify, after each applied batch) and once at start
// (deltas left by an instance that stopped before folding): a ledger without traffic asks the
// database nothing. Queries never wait for it: they add the deltas not yet folded themselves, so
// folding only keeps what they read small.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { ValuationSql } from './valuation-sql';

/** The longest wait before trying again after a failed fold. */
const MAX_RETRY_DELAY_MS = 30_000;

@Injectable()
export class ValuationFolder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('ValuationFolder');
  private readonly sql: ValuationSql;
  private readonly intervalMs: number;
  private readonly rowsPerFold: number;
  private pending = false;
  private stopped = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.sql = new ValuationSql(config.DATABASE_SCHEMA);
    this.intervalMs = config.VALUATION_FOLD_INTERVAL_MS;
    this.rowsPerFold = config.VALUATION_FOLD_ROWS;
  }

  onApplicationBootstrap(): void {
    this.pending = true;
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Batches wrote deltas: fold them within the interval. */
  notify(): void {
    this.pending = true;
    this.schedule(this.intervalMs);
  }

  /** Folds every delta there is now; resolves when done (tests, and the scheduled runs). */
  async foldNow(): Promise<void> {
    await this.running;
    this.running = this.foldAll().finally(() => {
      this.running = undefined;
      if (this.pending) this.schedule(this.retryDelay());
    });
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.running === undefined) void this.foldNow();
      else this.schedule(this.intervalMs);
    }, delayMs);
    this.timer.unref();
  }

  private async foldAll(): Promise<void> {
    this.pending = false;
    try {
      let folded: number;
      do {
        folded = await this.sql.foldDeltas(this.dataSource.manager, this.rowsPerFold);
      } while (folded === this.rowsPerFold && !this.stopped);
      this.failures = 0;
    } catch (error) {
      // Nothing is lost: a failed fold changes nothing and the deltas wait for the next one.
      this.pending = true;
      this.failures += 1;
      this.logger.warn('folding valuation deltas failed; will retry', { error: error instanceof Error ? error.message : String(error), failures: this.failures });
    }
  }

  private retryDelay(): number {
    return this.failures === 0 ? this.intervalMs : Math.min(MAX_RETRY_DELAY_MS, this.intervalMs * 2 ** Math.min(this.failures, 10));
  }
}
