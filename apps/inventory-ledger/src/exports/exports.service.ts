// What each export reads, as pages for writeExport: stock, valuation (now or as of a business
// time) and movement history. Refusals that depend on the data (an unknown location, a time
// before the archived movements) are thrown before the first page, while an error answer can
// still be sent.
import { GoneException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { ExportSql, type MovementExportRow } from './export-sql';
import type { ValuationExportRow } from './export-columns';
import { averageOf, keysetPages, mapPages } from './export-pages';

@Injectable()
export class ExportsService {
  private readonly sql: ExportSql;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.sql = new ExportSql(config.DATABASE_SCHEMA);
  }

  async stock(locationId: string | undefined) {
    await this.requireKnownLocation(locationId);
    return keysetPages((after) => this.sql.balancePage(this.dataSource.manager, locationId, after));
  }

  async valuation(locationId: string | undefined, asOf: Date | undefined): Promise<AsyncIterable<ValuationExportRow[]>> {
    await this.requireKnownLocation(locationId);
    if (asOf === undefined) {
      return mapPages(
        keysetPages((after) => this.sql.balancePage(this.dataSource.manager, locationId, after)),
        (row) => ({ ...row, averageUnitCost: Number(row.onHand) > 0 ? row.averageUnitCost : null }),
      );
    }
    const archivedThrough = await this.sql.archivedThrough(this.dataSource.manager, locationId);
    if (archivedThrough !== null && asOf < archivedThrough) {
      const reason = `must be at or after ${archivedThrough.toISOString()}: earlier movements are archived`;
      throw new GoneException({ code: 'LEDGER.ARCHIVED_PERIOD', message: `asOf ${reason}`, errors: [{ path: 'asOf', message: reason }] });
    }
    return mapPages(
      keysetPages((after) => this.sql.valuationAsOfPage(this.dataSource.manager, locationId, asOf, after)),
      (row) => ({ ...row, averageUnitCost: averageOf(row.inventoryValue, row.onHand) }),
    );
  }

  async keyHistory(sku: string, locationId: string): Promise<AsyncIterable<MovementExportRow[]>> {
    const manager = this.dataSource.manager;
    const sql = this.sql;
    const first = await sql.keyMovementPage(manager, sku, locationId, 0);
    if (first.length === 0) throw new NotFoundException({ code: 'LEDGER.NO_STOCK_RECORD', message: `No movements recorded for ${sku} at ${locationId}`, errors: [{ path: 'sku', message: `no movements recorded at ${locationId}` }] });
    return (async function* () {
      let page = first;
      for (let last = page.at(-1); last !== undefined; last = page.at(-1)) {
        yield page;
        page = await sql.keyMovementPage(manager, sku, locationId, Number(last.balanceVersion));
      }
    })();
  }

  async locationHistory(locationId: string, from: Date, to: Date): Promise<AsyncIterable<MovementExportRow[]>> {
    await this.requireKnownLocation(locationId);
    return this.sql.locationMovementPages(this.dataSource, locationId, from, to);
  }

  /** Refuses (404, naming the field) a location where the ledger holds no balance; every location when undefined. */
  async requireKnownLocation(locationId: string | undefined): Promise<void> {
    if (locationId === undefined || (await this.sql.locationHasBalances(this.dataSource.manager, locationId))) return;
    throw new NotFoundException({ code: 'LEDGER.UNKNOWN_LOCATION', message: `locationId ${locationId}: no balances recorded there`, errors: [{ path: 'locationId', message: 'no balances recorded there' }] });
  }
}
