// The reads behind the exports, each a page at a time, bounded by what is asked:
// - balances of one location or all, keyset by (location, SKU) down stock_balance_by_location;
// - valuation as of a past business time: each balance of the page less its movements dated
//   after that time (movementsDatedAfter), so the work per key is the movements recorded since;
// - a key's movements, keyset by balance version down the key's unique version index;
// - a location's movements recorded in a time range: one cursor, read a page at a time in one
//   read-only snapshot, over the movement partitions of that range and their BRIN index on the
//   recorded time (migration 1768700000000), so the work is the movements recorded in the range.
import type { DataSource, EntityManager } from 'typeorm';
import { movementsDatedAfter } from '../persistence/ledger-sql';
import { cursorPages } from './cursor-pages';

export const EXPORT_PAGE_ROWS = 1_000;

export interface BalanceExportRow {
  locationId: string;
  sku: string;
  onHand: string;
  inTransit: string;
  onOrder: string;
  reserved: string;
  inventoryValue: string;
  inTransitValue: string;
  averageUnitCost: string;
  lastMovementAt: Date | null;
  /** How the key is valued: moving-average or fifo. */
  valuationMethod: string;
}

export interface ValuationAsOfRow {
  locationId: string;
  sku: string;
  onHand: string;
  inTransit: string;
  inventoryValue: string;
  inTransitValue: string;
  /** How the key was valued at that time: its method now, unless a method change came after it. */
  valuationMethod: string;
}

export interface MovementExportRow {
  movementId: string;
  kind: string;
  sku: string;
  locationId: string;
  reasonCode: string | null;
  quantityDelta: string;
  onHandAfter: string;
  valueDelta: string;
  costOfGoodsSold: string;
  balanceVersion: string;
  occurredAt: Date;
  recordedAt: Date;
  causedByMovementId: string | null;
  /** The day its figures were booked on where that is not its business day (dated in a closed period), YYYY-MM-DD; else null. */
  postingDay: string | null;
}

export interface BalanceKey {
  locationId: string;
  sku: string;
}

type Queryable = Pick<EntityManager, 'query'>;

const MOVEMENT_COLUMNS = `m.movement_id AS "movementId", m.kind, m.sku, m.location_id AS "locationId", m.payload->>'reasonCode' AS "reasonCode",
  m.quantity_delta::text AS "quantityDelta", m.on_hand_after::text AS "onHandAfter", m.value_delta::text AS "valueDelta",
  m.cost_of_goods_sold::text AS "costOfGoodsSold", m.balance_version::text AS "balanceVersion", m.occurred_at AS "occurredAt",
  m.recorded_at AS "recordedAt", m.caused_by_movement_id AS "causedByMovementId", to_char(m.posting_day, 'YYYY-MM-DD') AS "postingDay"`;

export class ExportSql {
  constructor(private readonly schema: string) {}

  async locationHasBalances(manager: Queryable, locationId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM ${this.t('stock_balance')} WHERE location_id = $1 AND version > 0 LIMIT 1`, [locationId]);
    return rows.length > 0;
  }

  /** The page of balances after `after`, in (location, SKU) order. */
  async balancePage(manager: Queryable, locationId: string | undefined, after: BalanceKey | undefined, limit = EXPORT_PAGE_ROWS): Promise<BalanceExportRow[]> {
    return manager.query(
      `SELECT location_id AS "locationId", sku, on_hand::text AS "onHand", in_transit::text AS "inTransit", on_order::text AS "onOrder",
              reserved::text AS reserved, inventory_value::text AS "inventoryValue", in_transit_value::text AS "inTransitValue",
              average_unit_cost::text AS "averageUnitCost", last_movement_at AS "lastMovementAt", valuation_method AS "valuationMethod"
         FROM ${this.t('stock_balance')}
        WHERE version > 0 AND ($1::text IS NULL OR location_id = $1)
          AND ($2::text IS NULL OR (location_id, sku) > ($2::text, $3::text))
        ORDER BY location_id, sku LIMIT $4`,
      [locationId ?? null, after?.locationId ?? null, after?.sku ?? null, limit],
    );
  }

  /** The page of balances after `after` as the ledger recorded them up to `asOf` (business time). */
  async valuationAsOfPage(manager: Queryable, locationId: string | undefined, asOf: Date, after: BalanceKey | undefined, limit = EXPORT_PAGE_ROWS): Promise<ValuationAsOfRow[]> {
    return manager.query(
      `SELECT b.location_id AS "locationId", b.sku, (b.on_hand - a.on_hand)::text AS "onHand", (b.in_transit - a.in_transit)::text AS "inTransit",
              (b.inventory_value - a.value)::numeric(24,4)::text AS "inventoryValue",
              (b.in_transit_value - a.in_transit_value)::numeric(24,4)::text AS "inTransitValue",
              CASE a.first_method WHEN 'fifo' THEN 'moving-average' WHEN 'moving-average' THEN 'fifo' ELSE b.valuation_method END AS "valuationMethod"
         FROM (SELECT * FROM ${this.t('stock_balance')}
                WHERE version > 0 AND ($1::text IS NULL OR location_id = $1)
                  AND ($2::text IS NULL OR (location_id, sku) > ($2::text, $3::text))
                ORDER BY location_id, sku LIMIT $5) b
        CROSS JOIN LATERAL (
          SELECT COALESCE(SUM(m.quantity_delta), 0) AS on_hand, COALESCE(SUM(m.in_transit_delta), 0) AS in_transit,
                 COALESCE(SUM(m.value_delta), 0) AS value, COALESCE(SUM(m.in_transit_value_delta), 0) AS in_transit_value,
                 -- The first change of method after asOf names the method it left: the one of that time.
                 (array_agg(m.payload->>'method' ORDER BY m.balance_version) FILTER (WHERE m.kind = 'valuation-method-change'))[1] AS first_method
            FROM ${movementsDatedAfter(this.t('movement'), 'b.sku', 'b.location_id', '$4::timestamptz')}) AS a
        ORDER BY b.location_id, b.sku`,
      [locationId ?? null, after?.locationId ?? null, after?.sku ?? null, asOf, limit],
    );
  }

  /**
   * The latest business time through which movements of the location (or of any location) are
   * archived: before it, a balance as of a time cannot be taken back (docs/operations/movement-partitions.md).
   */
  async archivedThrough(manager: Queryable, locationId: string | undefined): Promise<Date | null> {
    const [row]: Array<{ through: Date | null }> = await manager.query(
      `SELECT max(archived_occurred_through) AS through FROM ${this.t('movement_carried_forward')} WHERE $1::text IS NULL OR location_id = $1`,
      [locationId ?? null],
    );
    return row?.through ?? null;
  }

  /** The key's movements above `afterVersion`, oldest first. */
  async keyMovementPage(manager: Queryable, sku: string, locationId: string, afterVersion: number, limit = EXPORT_PAGE_ROWS): Promise<MovementExportRow[]> {
    return manager.query(
      `SELECT ${MOVEMENT_COLUMNS} FROM ${this.t('movement')} m
        WHERE m.sku = $1 AND m.location_id = $2 AND m.balance_version > $3 ORDER BY m.balance_version LIMIT $4`,
      [sku, locationId, afterVersion, limit],
    );
  }

  /** The location's movements recorded from `from` (included) to `to` (excluded), in recorded order, from one cursor. */
  locationMovementPages(dataSource: DataSource, locationId: string, from: Date, to: Date, limit = EXPORT_PAGE_ROWS): AsyncGenerator<MovementExportRow[]> {
    return cursorPages(
      dataSource,
      `SELECT ${MOVEMENT_COLUMNS} FROM ${this.t('movement')} m
        WHERE m.recorded_at >= $2 AND m.recorded_at < $3 AND m.location_id = $1
        ORDER BY m.recorded_at, m.movement_seq`,
      [locationId, from, to],
      limit,
    );
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}
