// Read side of the ledger: current stock, stock as of a past time (the balance less the key's
// movements dated after it), and a key's movement history with keyset paging (by balance
// version, through the key's unique index). Valuation totals live in ../valuation.
import { GoneException, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { movementsDatedAfter } from '../persistence/ledger-sql';

export interface StockView {
  sku: string;
  locationId: string;
  onHand: number;
  inTransit: number;
  onOrder: number;
  /** Units held by open reservations (docs/reservations.md). */
  reserved: number;
  /** On hand less reserved, before any channel's safety buffer; negative when sales took held units. */
  available: number;
  inventoryValue: string;
  averageUnitCost: string;
  balanceVersion: number;
  lastMovementAt: string | null;
}

export interface StockAsOfView {
  sku: string;
  locationId: string;
  asOf: string;
  onHand: number;
  inTransit: number;
  onOrder: number;
  inventoryValue: string;
  inTransitValue: string;
  /** Movements of the key dated at or before asOf. */
  movements: number;
  /** What the key's open reservations held at asOf, by when each change was recorded. */
  reserved: number;
}

interface StockAsOfRow {
  on_hand: string;
  in_transit: string;
  on_order: string;
  value: string;
  in_transit_value: string;
  movements: string;
  reserved: string;
  archived_through: Date | null;
}

export const BALANCE_COLUMNS = `sku, location_id AS "locationId", on_hand::int8::text AS "onHand", in_transit::text AS "inTransit",
  on_order::text AS "onOrder", reserved::text AS "reserved", inventory_value::text AS "inventoryValue", average_unit_cost::text AS "averageUnitCost",
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

  /**
   * On hand, in transit, on order and both values as the ledger recorded them up to `asOf`
   * (business time), and how many movements that is: the balance less the key's movements dated
   * after `asOf` (movementsDatedAfter), in one statement, so one snapshot. A balance is the sum of
   * its movements and each movement raised its version by one. The work is the movements recorded
   * since the first one dated after `asOf`: "what did we hold yesterday" reads a day's movements,
   * not the year before it; a time far back reads at most the key's history, never another key's.
   * Before the latest business time of the key's archived movements it refuses (410). Reserved is
   * the figure after the key's last reservation change recorded by `asOf` (reservations are made
   * and changed in real time, so their recorded time is their business time), read down the
   * key's reservation events from the newest: the work is the changes since `asOf`.
   */
  async stockAsOf(sku: string, locationId: string, asOf: Date): Promise<StockAsOfView> {
    const rows: StockAsOfRow[] = await this.dataSource.query(
      `SELECT (b.on_hand - a.on_hand)::text AS on_hand, (b.in_transit - a.in_transit)::text AS in_transit, (b.on_order - a.on_order)::text AS on_order,
              (b.inventory_value - a.value)::numeric(24,4)::text AS value, (b.in_transit_value - a.in_transit_value)::numeric(24,4)::text AS in_transit_value,
              (b.version - a.movements)::text AS movements, COALESCE(r.reserved_after, 0)::text AS reserved, f.archived_occurred_through AS archived_through
         FROM ${this.schema}.stock_balance b
         LEFT JOIN ${this.schema}.movement_carried_forward f ON f.sku = b.sku AND f.location_id = b.location_id
         LEFT JOIN LATERAL (
           SELECT e.reserved_after FROM ${this.schema}.reservation_event e
            WHERE e.sku = b.sku AND e.location_id = b.location_id AND e.recorded_at <= $3::timestamptz
            ORDER BY e.event_seq DESC LIMIT 1) AS r ON true
         CROSS JOIN LATERAL (
           SELECT COALESCE(SUM(m.quantity_delta), 0) AS on_hand, COALESCE(SUM(m.in_transit_delta), 0) AS in_transit, COALESCE(SUM(m.on_order_delta), 0) AS on_order,
                  COALESCE(SUM(m.value_delta), 0) AS value, COALESCE(SUM(m.in_transit_value_delta), 0) AS in_transit_value, count(*) AS movements
             FROM ${movementsDatedAfter(`${this.schema}.movement`, 'b.sku', 'b.location_id', '$3::timestamptz')}) AS a
        WHERE b.sku = $1 AND b.location_id = $2`,
      [sku, locationId, asOf],
    );
    // A key the ledger has never seen: nothing was held at any time.
    const row = rows[0] ?? { on_hand: '0', in_transit: '0', on_order: '0', value: '0.0000', in_transit_value: '0.0000', movements: '0', reserved: '0', archived_through: null };
    // Movements of archived periods count only as their totals: one dated after asOf would have to
    // be taken back, and the ledger no longer holds it (docs/operations/movement-partitions.md).
    if (row.archived_through !== null && asOf < row.archived_through) {
      throw new GoneException({
        code: 'LEDGER.ARCHIVED_PERIOD',
        message: `asOf must be at or after ${row.archived_through.toISOString()}: earlier movements of ${sku} at ${locationId} are archived`,
        errors: [{ path: 'asOf', message: `must be at or after ${row.archived_through.toISOString()}` }],
      });
    }
    return {
      sku,
      locationId,
      asOf: asOf.toISOString(),
      onHand: Number(row.on_hand),
      inTransit: Number(row.in_transit),
      onOrder: Number(row.on_order),
      inventoryValue: row.value,
      inTransitValue: row.in_transit_value,
      movements: Number(row.movements),
      reserved: Number(row.reserved),
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
}

export function toStockView(row: Record<string, unknown>): StockView {
  return {
    sku: String(row['sku']),
    locationId: String(row['locationId']),
    onHand: Number(row['onHand']),
    inTransit: Number(row['inTransit']),
    onOrder: Number(row['onOrder']),
    reserved: Number(row['reserved']),
    available: Number(row['onHand']) - Number(row['reserved']),
    inventoryValue: String(row['inventoryValue']),
    averageUnitCost: String(row['averageUnitCost']),
    balanceVersion: Number(row['balanceVersion']),
    lastMovementAt: row['lastMovementAt'] instanceof Date ? row['lastMovementAt'].toISOString() : null,
  };
}
