// What the closing inventory report reads, as pages for writeExport. Refusals that depend on the
// data (an unknown location, no close through the day, a build not done) are thrown before the
// first page, while an error answer can still be sent. A close's rows never change once kept, so
// the pages are read down the primary key, each its own statement, no connection held between.
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import type { ValuationExportRow } from '../exports/export-columns';
import { averageOf, keysetPages, mapPages } from '../exports/export-pages';
import { EXPORT_PAGE_ROWS } from '../exports/export-sql';
import { ExportsService } from '../exports/exports.service';
import { ClosingInventoryBuilder } from './closing-inventory-builder';
import { noCloseThroughMessage, pendingMessage } from './closing-inventory-rules';
import { ClosingInventorySql } from './closing-inventory-sql';

/** How many closed days a refusal for a day without a close names. */
const NAMED_CLOSED_DAYS = 12;

@Injectable()
export class ClosingInventoryService {
  private readonly sql: ClosingInventorySql;

  constructor(
    private readonly dataSource: DataSource,
    private readonly exports: ExportsService,
    private readonly builder: ClosingInventoryBuilder,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.sql = new ClosingInventorySql(config.DATABASE_SCHEMA);
  }

  async report(through: string, locationId: string | undefined): Promise<AsyncIterable<ValuationExportRow[]>> {
    const manager = this.dataSource.manager;
    await this.exports.requireKnownLocation(locationId);
    const close = await this.sql.closeThrough(manager, through);
    if (close === undefined) {
      const message = noCloseThroughMessage(through, await this.sql.closedDays(manager, NAMED_CLOSED_DAYS), NAMED_CLOSED_DAYS);
      throw new NotFoundException({ code: 'LEDGER.NO_CLOSE_THROUGH_DAY', message, errors: [{ path: 'through', message }] });
    }
    if (!close.done) {
      // Built by whichever instance holds it; if none does (the one that closed stopped and has
      // not started again), this one takes it up.
      this.builder.wake();
      const message = pendingMessage(through, close.keysDone, close.keysTotal);
      throw new ConflictException({ code: 'LEDGER.CLOSING_INVENTORY_PENDING', message, keysDone: close.keysDone, keysTotal: close.keysTotal, errors: [{ path: 'through', message }] });
    }
    return mapPages(
      keysetPages((after) => this.sql.reportPage(manager, close.closeSeq, locationId, after, EXPORT_PAGE_ROWS)),
      (row) => ({ ...row, averageUnitCost: averageOf(row.inventoryValue, row.onHand) }),
    );
  }
}
