// Set-based SQL for the intake hot path and the history a fit reads: one statement per step of a
// batch (arrays travel as parameters and come back as rows through unnest), never one per row.
import type { EntityManager } from 'typeorm';
import type { Day } from '../domain/business-day';
import type { DailyDemand } from '../domain/daily-demand';
import type { PurchaseOrderTimes } from '../domain/lead-time';
import { type ItemLocation, itemKey } from '../domain/stock-change';
import type { StockPosition } from '../domain/stock-position';
import { daysOfCoverSql } from './days-of-cover-column';

export interface PurchaseOrderEvent extends ItemLocation {
  readonly purchaseOrderId: string;
  readonly placedAt: Date | null;
  readonly receivedAt: Date | null;
}

interface PositionRow {
  sku: string;
  location_id: string;
  on_hand: string;
  on_order: string;
  in_transit: string;
  balance_version: string;
}

interface DailyDemandRow {
  sku: string;
  location_id: string;
  day: string;
  demand_units: string;
  sold_units: string;
  returned_units: string;
  voided_units: string;
  min_on_hand: string;
  closing_on_hand: string;
  closing_at: Date;
  closing_version: string;
  movements: number;
}

// Days travel as text: node-postgres would turn a date into a Date at local midnight.
const DAILY_DEMAND_COLUMNS = `sku, location_id, day::text AS day, demand_units, sold_units, returned_units, voided_units,
  min_on_hand, closing_on_hand, closing_at, closing_version, movements`;

export class DemandSql {
  constructor(private readonly schema: string) {}

  /**
   * Creates missing position rows, then locks every position of the batch in key order. Whoever
   * changes an item's demand, position or suggestion holds this lock, so the consumer and a refit
   * never interleave on one item, and two transactions never deadlock.
   */
  async lockPositions(manager: EntityManager, items: readonly ItemLocation[]): Promise<Map<string, StockPosition>> {
    const sorted = sortItems(items);
    const skus = sorted.map((item) => item.sku);
    const locations = sorted.map((item) => item.locationId);
    await manager.query(
      `INSERT INTO ${this.t('stock_position')} (sku, location_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
      [skus, locations],
    );
    // Each position by a probe of its key, the keys sorted first so that rows are locked in key
    // order: joined to the lists as a whole, the planner could hash every position of the table.
    const rows: PositionRow[] = await manager.query(
      `SELECT p.sku, p.location_id, p.on_hand, p.on_order, p.in_transit, p.balance_version
         FROM (SELECT * FROM unnest($1::text[], $2::text[]) AS k(sku, location_id) ORDER BY sku, location_id) AS k
        CROSS JOIN LATERAL (
          SELECT p.sku, p.location_id, p.on_hand, p.on_order, p.in_transit, p.balance_version FROM ${this.t('stock_position')} p
           WHERE p.sku = k.sku AND p.location_id = k.location_id
             FOR UPDATE) AS p`,
      [skus, locations],
    );
    // Version 0 is a row created just now: no balance is known for the item yet.
    return new Map(rows.filter((row) => Number(row.balance_version) > 0).map((row) => [itemKey(toItem(row)), toPosition(row)]));
  }

  /** Records the movement ids as processed and returns those that were not already. */
  async markProcessed(manager: EntityManager, movementIds: readonly string[]): Promise<Set<string>> {
    const rows: Array<{ movement_id: string }> = await manager.query(
      `INSERT INTO ${this.t('processed_movement')} (movement_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING movement_id`,
      [movementIds],
    );
    return new Set(rows.map((row) => row.movement_id));
  }

  async dailyDemandOn(manager: EntityManager, keys: ReadonlyArray<ItemLocation & { day: Day }>): Promise<DailyDemand[]> {
    if (keys.length === 0) return [];
    const rows: DailyDemandRow[] = await manager.query(
      // A probe of each day's row: daily demand grows by a row per item and day, for ever.
      `SELECT d.* FROM unnest($1::text[], $2::text[], $3::date[]) AS k(sku, location_id, day)
        CROSS JOIN LATERAL (
          SELECT ${DAILY_DEMAND_COLUMNS} FROM ${this.t('daily_demand')} d
           WHERE d.sku = k.sku AND d.location_id = k.location_id AND d.day = k.day LIMIT 1) AS d`,
      [keys.map((key) => key.sku), keys.map((key) => key.locationId), keys.map((key) => key.day)],
    );
    return rows.map(toDailyDemand);
  }

  async writeDailyDemand(manager: EntityManager, rows: readonly DailyDemand[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('daily_demand')} AS d (sku, location_id, day, demand_units, sold_units, returned_units, voided_units,
          min_on_hand, closing_on_hand, closing_at, closing_version, movements)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
          $8::bigint[], $9::bigint[], $10::timestamptz[], $11::bigint[], $12::int[])
       ON CONFLICT (sku, location_id, day) DO UPDATE SET demand_units = excluded.demand_units, sold_units = excluded.sold_units,
          returned_units = excluded.returned_units, voided_units = excluded.voided_units, min_on_hand = excluded.min_on_hand,
          closing_on_hand = excluded.closing_on_hand, closing_at = excluded.closing_at, closing_version = excluded.closing_version,
          movements = excluded.movements, updated_at = now()`,
      [
        rows.map((row) => row.sku),
        rows.map((row) => row.locationId),
        rows.map((row) => row.day),
        rows.map((row) => row.demandUnits),
        rows.map((row) => row.soldUnits),
        rows.map((row) => row.returnedUnits),
        rows.map((row) => row.voidedUnits),
        rows.map((row) => row.minOnHand),
        rows.map((row) => row.closingOnHand),
        rows.map((row) => new Date(row.closingAt)),
        rows.map((row) => row.closingVersion),
        rows.map((row) => row.movements),
      ],
    );
  }

  /** The positions, with their days of cover at the key's forecast (read under the positions' lock, which a fit holds too). */
  async writePositions(manager: EntityManager, positions: readonly StockPosition[]): Promise<void> {
    if (positions.length === 0) return;
    await manager.query(
      `UPDATE ${this.t('stock_position')} p SET on_hand = v.on_hand, on_order = v.on_order, in_transit = v.in_transit,
          balance_version = v.balance_version, days_of_cover = ${daysOfCoverSql('v.on_hand', 'f.forecast_daily_demand')}, updated_at = now()
        FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])
          AS v(sku, location_id, on_hand, on_order, in_transit, balance_version)
          LEFT JOIN ${this.t('item_forecast')} f ON f.sku = v.sku AND f.location_id = v.location_id
       WHERE p.sku = v.sku AND p.location_id = v.location_id AND p.balance_version < v.balance_version`,
      [
        positions.map((position) => position.sku),
        positions.map((position) => position.locationId),
        positions.map((position) => position.onHand),
        positions.map((position) => position.onOrder),
        positions.map((position) => position.inTransit),
        positions.map((position) => position.balanceVersion),
      ],
    );
  }

  /** Order placed and first receipt per purchase order; the earliest time wins, so a repeat changes nothing. */
  async recordPurchaseOrders(manager: EntityManager, events: readonly PurchaseOrderEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('purchase_order')} AS o (sku, location_id, purchase_order_id, placed_at, first_received_at)
       SELECT sku, location_id, purchase_order_id, min(placed_at), min(received_at)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
           AS v(sku, location_id, purchase_order_id, placed_at, received_at)
        GROUP BY sku, location_id, purchase_order_id
       ON CONFLICT (sku, location_id, purchase_order_id) DO UPDATE SET
          placed_at = LEAST(o.placed_at, excluded.placed_at),
          first_received_at = LEAST(o.first_received_at, excluded.first_received_at)`,
      [
        events.map((event) => event.sku),
        events.map((event) => event.locationId),
        events.map((event) => event.purchaseOrderId),
        events.map((event) => event.placedAt),
        events.map((event) => event.receivedAt),
      ],
    );
  }

  /** The latest delivered orders of an item, newest first. */
  async deliveredOrders(manager: EntityManager, item: ItemLocation, limit: number): Promise<PurchaseOrderTimes[]> {
    const rows: Array<{ placed_at: Date; first_received_at: Date }> = await manager.query(
      `SELECT placed_at, first_received_at FROM ${this.t('purchase_order')}
        WHERE sku = $1 AND location_id = $2 AND placed_at IS NOT NULL AND first_received_at IS NOT NULL
        ORDER BY first_received_at DESC LIMIT $3`,
      [item.sku, item.locationId, limit],
    );
    return rows.map((row) => ({ placedAt: row.placed_at.getTime(), receivedAt: row.first_received_at.getTime() }));
  }

  /** First recorded day of an item, or null when it has none. */
  async firstDemandDay(manager: EntityManager, item: ItemLocation): Promise<Day | null> {
    const rows: Array<{ day: string | null }> = await manager.query(
      `SELECT min(day)::text AS day FROM ${this.t('daily_demand')} WHERE sku = $1 AND location_id = $2`,
      [item.sku, item.locationId],
    );
    return rows[0]?.day ?? null;
  }

  async dailyDemandBetween(manager: EntityManager, item: ItemLocation, from: Day, to: Day): Promise<DailyDemand[]> {
    const rows: DailyDemandRow[] = await manager.query(
      `SELECT ${DAILY_DEMAND_COLUMNS} FROM ${this.t('daily_demand')} WHERE sku = $1 AND location_id = $2 AND day BETWEEN $3::date AND $4::date ORDER BY day`,
      [item.sku, item.locationId, from, to],
    );
    return rows.map(toDailyDemand);
  }

  /** Closing on hand of the last recorded day before `day`: the stock a history window opens with. */
  async closingBefore(manager: EntityManager, item: ItemLocation, day: Day): Promise<number | null> {
    const rows: Array<{ closing_on_hand: string }> = await manager.query(
      `SELECT closing_on_hand FROM ${this.t('daily_demand')} WHERE sku = $1 AND location_id = $2 AND day < $3::date
        ORDER BY day DESC LIMIT 1`,
      [item.sku, item.locationId, day],
    );
    const [latest] = rows;
    return latest ? Number(latest.closing_on_hand) : null;
  }

  async position(manager: EntityManager, item: ItemLocation): Promise<StockPosition | null> {
    const rows: PositionRow[] = await manager.query(
      `SELECT sku, location_id, on_hand, on_order, in_transit, balance_version FROM ${this.t('stock_position')}
        WHERE sku = $1 AND location_id = $2 AND balance_version > 0`,
      [item.sku, item.locationId],
    );
    const [row] = rows;
    return row ? toPosition(row) : null;
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}

export function sortItems<T extends ItemLocation>(items: readonly T[]): T[] {
  const unique = new Map(items.map((item) => [itemKey(item), item]));
  return [...unique.values()].sort((a, b) => compare(a.sku, b.sku) || compare(a.locationId, b.locationId));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toItem(row: { sku: string; location_id: string }): ItemLocation {
  return { sku: row.sku, locationId: row.location_id };
}

function toPosition(row: PositionRow): StockPosition {
  return {
    sku: row.sku,
    locationId: row.location_id,
    onHand: Number(row.on_hand),
    onOrder: Number(row.on_order),
    inTransit: Number(row.in_transit),
    balanceVersion: Number(row.balance_version),
  };
}

function toDailyDemand(row: DailyDemandRow): DailyDemand {
  return {
    sku: row.sku,
    locationId: row.location_id,
    day: row.day,
    demandUnits: Number(row.demand_units),
    soldUnits: Number(row.sold_units),
    returnedUnits: Number(row.returned_units),
    voidedUnits: Number(row.voided_units),
    minOnHand: Number(row.min_on_hand),
    closingOnHand: Number(row.closing_on_hand),
    closingAt: row.closing_at.getTime(),
    closingVersion: Number(row.closing_version),
    movements: row.movements,
  };
}
