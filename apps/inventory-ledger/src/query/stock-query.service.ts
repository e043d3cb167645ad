// Read side of the ledger: current stock, stock as of a past time (summed from the ledger),
// a key's movement history with keyset paging, and valuation totals.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';

export interface StockView {
  sku: string;
  locationId: string;
  onHand: number;
  inTransit: number;
  onOrder: number;
  inventoryValue: string;
  averageUnitCost: string;
  balanceVersion: number;
  lastMovementAt: string | null;
}

const BALANCE_COLUMNS = `sku, location_id AS "locationId", on_hand::int8::text AS "onHand", in_transit::text AS "inTransit",
  on_order::text AS "onOrder", inventory_value::text AS "inventoryValue", average_unit_cost::text AS "averageUnitCost",
  version::text AS "balanceVersion", last_movement_at AS "lastMovementAt"`;

@Injectable()
export class StockQueryService {
  private readonly schema: string;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.schema = `"${config.DATABASE_SCHEMA}"`;
  }

  async stockOfSku(sku: string): Promise<StockView[]> {
    const rows = await this.dataSource.query(
      `SELECT ${BALANCE_COLUMNS} FROM ${this.schema}.stock_balance WHERE sku = $1 AND version > 0 ORDER BY location_id`,
      [sku],
    );
    return rows.map(toStockView);
  }

  async stockOfLocation(locationId: string, limit: number, afterSku?: string): Promise<StockView[]> {
    const rows = await this.dataSource.query(
      `SELECT ${BALANCE_COLUMNS} FROM ${this.schema}.stock_balance
        WHERE location_id = $1 AND version > 0 AND ($2::text IS NULL OR sku > $2) ORDER BY sku LIMIT $3`,
      [locationId, afterSku ?? null, limit],
    );
    return rows.map(toStockView);
  }

  async stockAt(sku: string, locationId: string): Promise<StockView | undefined> {
    const rows = await this.dataSource.query(
      `SELECT ${BALANCE_COLUMNS} FROM ${this.schema}.stock_balance WHERE sku = $1 AND location_id = $2 AND version > 0`,
      [sku, locationId],
    );
    return rows.length > 0 ? toStockView(rows[0]) : undefined;
  }

  /** On hand and value as the ledger recorded them up to `asOf` (business time). */
  async stockAsOf(sku: string, locationId: string, asOf: Date): Promise<{ sku: string; locationId: string; asOf: string; onHand: number; inTransit: number; onOrder: number; inventoryValue: string; movements: number }> {
    const rows = await this.dataSource.query(
      `SELECT COALESCE(SUM(quantity_delta), 0)::text AS on_hand, COALESCE(SUM(in_transit_delta), 0)::text AS in_transit,
              COALESCE(SUM(on_order_delta), 0)::text AS on_order, COALESCE(SUM(value_delta), 0)::numeric(24,4)::text AS value,
              count(*)::text AS movements
         FROM ${this.schema}.movement WHERE sku = $1 AND location_id = $2 AND occurred_at <= $3`,
      [sku, locationId, asOf],
    );
    const row = rows[0];
    return {
      sku,
      locationId,
      asOf: asOf.toISOString(),
      onHand: Number(row.on_hand),
      inTransit: Number(row.in_transit),
      onOrder: Number(row.on_order),
      inventoryValue: row.value,
      movements: Number(row.movements),
    };
  }

  async history(sku: string, locationId: string, limit: number, beforeVersion?: number) {
    const rows = await this.dataSource.query(
      `SELECT movement_id AS "movementId", kind, quantity_delta::text AS "quantityDelta", on_hand_after::text AS "onHandAfter",
              value_delta::text AS "valueDelta", cost_of_goods_sold::text AS "costOfGoodsSold", balance_version::text AS "balanceVersion",
              occurred_at AS "occurredAt", recorded_at AS "recordedAt", caused_by_movement_id AS "causedByMovementId", payload
         FROM ${this.schema}.movement
        WHERE sku = $1 AND location_id = $2 AND ($3::bigint IS NULL OR balance_version < $3)
        ORDER BY balance_version DESC LIMIT $4`,
      [sku, locationId, beforeVersion ?? null, limit],
    );
    const items = rows.map((row: Record<string, unknown>) => ({
      ...row,
      quantityDelta: Number(row['quantityDelta']),
      onHandAfter: Number(row['onHandAfter']),
      balanceVersion: Number(row['balanceVersion']),
    }));
    const last = items[items.length - 1];
    return { items, nextBeforeVersion: items.length === limit && last ? last.balanceVersion : null };
  }

  async valuation(locationId?: string) {
    const rows = await this.dataSource.query(
      `SELECT COALESCE(SUM(inventory_value), 0)::numeric(24,4)::text AS "inventoryValue",
              COALESCE(SUM(in_transit_value), 0)::numeric(24,4)::text AS "inTransitValue",
              COALESCE(SUM(on_hand), 0)::text AS "onHand", count(*)::text AS "balances"
         FROM ${this.schema}.stock_balance WHERE version > 0 AND ($1::text IS NULL OR location_id = $1)`,
      [locationId ?? null],
    );
    const cogs = await this.dataSource.query(
      `SELECT COALESCE(SUM(cost_of_goods_sold), 0)::numeric(24,4)::text AS "costOfGoodsSold"
         FROM ${this.schema}.movement WHERE ($1::text IS NULL OR location_id = $1)`,
      [locationId ?? null],
    );
    return {
      locationId: locationId ?? null,
      inventoryValue: rows[0].inventoryValue,
      inTransitValue: rows[0].inTransitValue,
      onHand: Number(rows[0].onHand),
      balances: Number(rows[0].balances),
      costOfGoodsSold: cogs[0].costOfGoodsSold,
    };
  }
}

function toStockView(row: Record<string, unknown>): StockView {
  return {
    sku: String(row['sku']),
    locationId: String(row['locationId']),
    onHand: Number(row['onHand']),
    inTransit: Number(row['inTransit']),
    onOrder: Number(row['onOrder']),
    inventoryValue: String(row['inventoryValue']),
    averageUnitCost: String(row['averageUnitCost']),
    balanceVersion: Number(row['balanceVersion']),
    lastMovementAt: row['lastMovementAt'] instanceof Date ? row['lastMovementAt'].toISOString() : null,
  };
}
