// Closing the books through a day, and the record of closes (docs/valuation.md, "Closed periods").
// A close is one transaction: the period lock taken exclusively (every batch writing per-day
// figures has committed, none starts until this one does), the rule checked against the
// closed-through day read after it (closeRefusalOf in the domain), the close recorded with the
// figures of the days it closes, the day moved forward. There is no reopening. Once it commits,
// the closing inventory of the close is built in the background (ClosingInventoryBuilder).
import { HttpException, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { closeRefusalOf } from '@ledgerline/inventory-domain';
import { JsonLogger, readCommittedTransaction, sqlStateOf } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { ClosingInventoryBuilder } from '../closing-inventory/closing-inventory-builder';
import { PeriodCloseSql, type ListedClose, type PeriodCloseRow } from './period-close-sql';

/** How many closes GET /v1/periods lists, newest first. */
export const LISTED_CLOSES = 100;

export interface PeriodsView {
  /** The day the books are closed through (UTC), null when never closed. */
  closedThrough: string | null;
  /** The closes, newest first (at most LISTED_CLOSES), each with whether its closing inventory is ready. */
  closes: ListedClose[];
}

@Injectable()
export class PeriodsService {
  private readonly logger = new JsonLogger('PeriodsService');
  private readonly sql: PeriodCloseSql;

  constructor(
    private readonly dataSource: DataSource,
    private readonly closingInventory: ClosingInventoryBuilder,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.sql = new PeriodCloseSql(config.DATABASE_SCHEMA);
  }

  /** Closes the books through `through`; refused with 409 and a code when it is not after the closed-through day or has not ended. */
  async close(through: string, reason: string, closedBy: string): Promise<PeriodCloseRow> {
    const closed = await this.closeOnce(through, reason, closedBy).catch(async (error: unknown) => {
      // 40P01: waiting for the batches in flight, the close met one that waited for another
      // batch queued behind it, and PostgreSQL ended the close: nothing of it was kept, so it is
      // made again, once.
      if (sqlStateOf(error) !== '40P01') throw error;
      this.logger.warn('close ended by a deadlock with batches in flight; closing again', { through });
      return this.closeOnce(through, reason, closedBy);
    });
    this.logger.info('books closed', { through: closed.through, previousThrough: closed.previousThrough, closedBy });
    // Committed: its closing inventory is built now, in pages, with the books open to writes.
    this.closingInventory.wake();
    return closed;
  }

  private closeOnce(through: string, reason: string, closedBy: string): Promise<PeriodCloseRow> {
    return readCommittedTransaction(this.dataSource, async (manager) => {
      await this.sql.lockForClose(manager);
      const { closedThrough, today } = await this.sql.state(manager);
      const refusal = closeRefusalOf(through, closedThrough, today);
      if (refusal !== null) {
        throw new HttpException({ code: refusal.code, message: refusal.message, errors: [{ path: 'through', message: refusal.message }], closedThrough }, 409);
      }
      return this.sql.close(manager, { through, previousThrough: closedThrough, reason, closedBy });
    });
  }

  async periods(): Promise<PeriodsView> {
    const manager = this.dataSource.manager;
    const [closedThrough, closes] = await Promise.all([this.sql.closedThrough(manager), this.sql.closes(manager, LISTED_CLOSES)]);
    return { closedThrough, closes };
  }
}
