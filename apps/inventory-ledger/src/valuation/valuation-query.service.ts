// Valuation totals (overall and per location) and cost of goods sold by period, read from the
// running totals and the deltas not yet folded (ValuationSql): the work follows the locations and
// days asked, not the number of balances or movements.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { formatMoney, parseMoney } from '@ledgerline/money';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { ValuationSql, type CostPeriod, type LocationValuationRow } from './valuation-sql';

export interface LocationValuation {
  locationId: string;
  inventoryValue: string;
  inTransitValue: string;
  onHand: number;
  balances: number;
  costOfGoodsSold: string;
}

export interface Valuation extends Omit<LocationValuation, 'locationId'> {
  /** The location asked for, or null for every location. */
  locationId: string | null;
  locations: LocationValuation[];
}

export interface CostOfGoodsSold {
  from: string;
  to: string;
  locationId: string | null;
  groupBy: CostPeriod;
  costOfGoodsSold: string;
  periods: Array<{ period: string; costOfGoodsSold: string }>;
}

@Injectable()
export class ValuationQueryService {
  private readonly sql: ValuationSql;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.sql = new ValuationSql(config.DATABASE_SCHEMA);
  }

  async valuation(locationId?: string): Promise<Valuation> {
    const locations = (await this.sql.locationTotals(this.dataSource.manager, locationId)).map(toLocationValuation);
    return {
      locationId: locationId ?? null,
      inventoryValue: formatMoney(sumMoney(locations.map((location) => location.inventoryValue))),
      inTransitValue: formatMoney(sumMoney(locations.map((location) => location.inTransitValue))),
      onHand: locations.reduce((sum, location) => sum + location.onHand, 0),
      balances: locations.reduce((sum, location) => sum + location.balances, 0),
      costOfGoodsSold: formatMoney(sumMoney(locations.map((location) => location.costOfGoodsSold))),
      locations,
    };
  }

  /** `from` and `to` are UTC business days (YYYY-MM-DD), both included. */
  async costOfGoodsSold(asked: { from: string; to: string; locationId?: string; groupBy: CostPeriod }): Promise<CostOfGoodsSold> {
    const periods = await this.sql.costOfGoodsSold(this.dataSource.manager, asked);
    return {
      from: asked.from,
      to: asked.to,
      locationId: asked.locationId ?? null,
      groupBy: asked.groupBy,
      costOfGoodsSold: formatMoney(sumMoney(periods.map((period) => period.costOfGoodsSold))),
      periods,
    };
  }
}

function toLocationValuation(row: LocationValuationRow): LocationValuation {
  return {
    locationId: row.locationId,
    inventoryValue: row.inventoryValue,
    inTransitValue: row.inTransitValue,
    onHand: Number(row.onHand),
    balances: Number(row.balances),
    costOfGoodsSold: row.costOfGoodsSold,
  };
}

function sumMoney(values: string[]): bigint {
  return values.reduce((sum, value) => sum + parseMoney(value), 0n);
}
