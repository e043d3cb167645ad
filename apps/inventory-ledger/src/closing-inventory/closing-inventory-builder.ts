// Builds the closing inventory of each close, after the close committed: never under the period
// lock, never in a batch's way. Page by page in key order, each page one transaction that locks
// the close's progress row (SKIP LOCKED: one instance builds a close at a time, another finds
// nothing to claim) and runs one statement that reads the page's balances and movements, keeps
// its rows and moves the progress. A ledger stopped mid-build resumes after the last page
// committed. Paced at CLOSING_INVENTORY_PAGES_PER_SECOND. Woken by a close in this process and
// at start; a ledger without a close to build asks the database nothing after its start.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger, readCommittedTransaction } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { closingInventoryMetrics } from './closing-inventory-metrics';
import { restAfterPage, retryDelayMs } from './closing-inventory-rules';
import { ClosingInventorySql, type BuiltPage } from './closing-inventory-sql';

/** How often an instance looks again while another one builds (it takes over if that one stops). */
const OTHER_BUILDER_POLL_MS = 5_000;

export interface BuiltPageOf extends BuiltPage {
  closeSeq: string;
  through: string;
}

@Injectable()
export class ClosingInventoryBuilder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('ClosingInventoryBuilder');
  private readonly sql: ClosingInventorySql;
  private readonly pageKeys: number;
  private readonly pagesPerSecond: number;
  private stopped = false;
  private woken = false;
  private running: Promise<void> | undefined;
  private endRest: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.sql = new ClosingInventorySql(config.DATABASE_SCHEMA);
    this.pageKeys = config.CLOSING_INVENTORY_PAGE_KEYS;
    this.pagesPerSecond = config.CLOSING_INVENTORY_PAGES_PER_SECOND;
  }

  onApplicationBootstrap(): void {
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.endRest?.();
    await this.running;
  }

  /** A close committed (or the ledger started): build every closing inventory not built yet. */
  wake(): void {
    this.woken = true;
    if (this.running !== undefined || this.stopped) return;
    this.running = this.buildAll().finally(() => (this.running = undefined));
  }

  /** Resolves when this instance has nothing left to build (tests). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /**
   * One page of the oldest close not built, committed; undefined when there is none to claim
   * (every close built, or another instance is building).
   */
  async buildPage(): Promise<BuiltPageOf | undefined> {
    const built = await readCommittedTransaction(this.dataSource, async (manager) => {
      const build = await this.sql.claimPendingBuild(manager);
      if (build === undefined) return undefined;
      const keysTotal = build.keysTotal ?? (await this.sql.countKeys(manager, build.closeSeq));
      const page = await this.sql.buildPage(manager, build, this.pageKeys);
      return { ...page, closeSeq: build.closeSeq, through: build.through, keysTotal };
    });
    if (built === undefined) return undefined;
    const { keysTotal, ...page } = built;
    closingInventoryMetrics.pages.inc();
    closingInventoryMetrics.keysDone.set({ through: page.through }, page.keysDone);
    closingInventoryMetrics.keysPending.set({ through: page.through }, page.done ? 0 : Math.max(0, keysTotal - page.keysDone));
    if (page.done) this.logger.info('closing inventory built', { closeSeq: page.closeSeq, through: page.through, keys: page.keysDone });
    return page;
  }

  private async buildAll(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      this.woken = false;
      const started = Date.now();
      try {
        const page = await this.buildPage();
        failures = 0;
        if (page === undefined) {
          // Nothing to claim: done, unless another instance holds a close (then look again, in
          // case it stops) or a close committed meanwhile.
          if (this.woken) continue;
          if (!(await this.sql.anyPendingBuild(this.dataSource.manager))) return;
          await this.rest(OTHER_BUILDER_POLL_MS);
          continue;
        }
        await this.rest(restAfterPage(this.pagesPerSecond, Date.now() - started));
      } catch (error) {
        // Nothing of a failed page was kept: its transaction rolled back, the progress with it.
        failures += 1;
        this.logger.warn('closing inventory page failed; will retry', { error: error instanceof Error ? error.message : String(error), failures });
        await this.rest(retryDelayMs(failures));
      }
    }
  }

  private rest(ms: number): Promise<void> {
    if (ms <= 0 || this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.endRest = done;
    }).finally(() => (this.endRest = undefined));
  }
}
