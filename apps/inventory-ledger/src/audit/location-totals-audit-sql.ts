// The drift audit's check of a location's running totals. The totals (the folded row and the
// deltas not yet folded) and the same figures counted over the location's balances are read by
// one statement, so from one snapshot: a batch writes its balances and its valuation deltas in
// one transaction, and folding is one statement, so a difference seen here is real. The check's
// work is bounded by the location's assortment (its balances, through their location index),
// never by its history.
import type { LocationTotalDiscrepancy, LocationTotalField, LocationTotalFigures } from '@ledgerline/inventory-domain';
import { MONEY_FIELDS_SQL, type RunStatement } from './drift-audit-sql';

export interface LocationTotalsCheck {
  readonly kept: LocationTotalFigures;
  readonly fromBalances: LocationTotalFigures;
}

export type LocationMismatchChange = { readonly locationId: string; readonly field: LocationTotalField };

export class LocationTotalsAuditSql {
  constructor(private readonly schema: string) {}

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }

  /**
   * The first location after `after` (or the first of all) that has a balance or a total row,
   * in location order: two index probes. A location with a total row and no balance is checked
   * too (its totals must then be zero).
   */
  async nextLocation(run: RunStatement, after: string | null): Promise<string | null> {
    const rows = await run<Array<{ next: string | null }>>(
      `SELECT least((SELECT min(location_id) FROM ${this.t('stock_balance')} WHERE location_id > $1),
                    (SELECT min(location_id) FROM ${this.t('location_valuation')} WHERE location_id > $1)) AS next`,
      [after ?? ''],
    );
    return rows[0]?.next ?? null;
  }

  /**
   * The location's running totals and the same figures counted over its balances. A balance
   * counts once it has a movement (version above 0, as the writer opens it); its state is
   * counted under its item's low-stock threshold now. Values are read in ten-thousandths, as
   * integers, so every figure is exact as a bigint.
   */
  async check(run: RunStatement, locationId: string): Promise<LocationTotalsCheck> {
    const rows = await run<Array<Record<`${'kept' | 'counted'}_${string}`, string>>>(
      `WITH kept AS (
         SELECT COALESCE(sum(on_hand), 0) AS on_hand, COALESCE(sum(inventory_value), 0) AS inventory_value,
                COALESCE(sum(in_transit_value), 0) AS in_transit_value, COALESCE(sum(balances), 0) AS balances,
                COALESCE(sum(negative), 0) AS negative, COALESCE(sum(stockout), 0) AS stockout, COALESCE(sum(low), 0) AS low
           FROM (SELECT on_hand, inventory_value, in_transit_value, balances, negative, stockout, low
                   FROM ${this.t('location_valuation')} WHERE location_id = $1
                 UNION ALL
                 SELECT on_hand, inventory_value, in_transit_value, balances, negative, stockout, low
                   FROM ${this.t('valuation_delta')} WHERE location_id = $1) AS totals),
       counted AS (
         SELECT COALESCE(sum(b.on_hand), 0) AS on_hand, COALESCE(sum(b.inventory_value), 0) AS inventory_value,
                COALESCE(sum(b.in_transit_value), 0) AS in_transit_value,
                count(*) FILTER (WHERE b.version > 0) AS balances,
                count(*) FILTER (WHERE b.version > 0 AND b.on_hand < 0) AS negative,
                count(*) FILTER (WHERE b.version > 0 AND b.on_hand = 0) AS stockout,
                count(*) FILTER (WHERE b.version > 0 AND b.on_hand > 0 AND b.on_hand <= i.low_stock_threshold) AS low
           FROM ${this.t('stock_balance')} b LEFT JOIN ${this.t('item_setting')} i ON i.sku = b.sku
          WHERE b.location_id = $1)
       SELECT k.on_hand::text AS kept_on_hand, (k.inventory_value * 10000)::numeric(40,0)::text AS kept_inventory_value,
              (k.in_transit_value * 10000)::numeric(40,0)::text AS kept_in_transit_value, k.balances::text AS kept_balances,
              k.negative::text AS kept_negative, k.stockout::text AS kept_stockout, k.low::text AS kept_low,
              c.on_hand::text AS counted_on_hand, (c.inventory_value * 10000)::numeric(40,0)::text AS counted_inventory_value,
              (c.in_transit_value * 10000)::numeric(40,0)::text AS counted_in_transit_value, c.balances::text AS counted_balances,
              c.negative::text AS counted_negative, c.stockout::text AS counted_stockout, c.low::text AS counted_low
         FROM kept k CROSS JOIN counted c`,
      [locationId],
    );
    const row = rows[0];
    if (row === undefined) throw new Error(`no totals read for location ${locationId}`);
    const figures = (side: 'kept' | 'counted'): LocationTotalFigures => ({
      onHand: BigInt(row[`${side}_on_hand`]),
      inventoryValue: BigInt(row[`${side}_inventory_value`]),
      inTransitValue: BigInt(row[`${side}_in_transit_value`]),
      balances: BigInt(row[`${side}_balances`]),
      negative: BigInt(row[`${side}_negative`]),
      stockout: BigInt(row[`${side}_stockout`]),
      low: BigInt(row[`${side}_low`]),
    });
    return { kept: figures('kept'), fromBalances: figures('counted') };
  }

  /**
   * Records one location's check, as DriftAuditSql.record does for balances: each discrepancy
   * kept (its first sighting stays), the location's other open mismatches cleared, and the pass
   * moved past the location. Returns the mismatches that appeared and those cleared.
   */
  async record(
    run: RunStatement,
    check: { locationId: string; discrepancies: readonly LocationTotalDiscrepancy[]; passNumber: number; at: Date },
  ): Promise<{ appeared: LocationMismatchChange[]; cleared: LocationMismatchChange[] }> {
    const found = check.discrepancies;
    const rows = await run<Array<{ appeared: LocationTotalField[] | null; cleared: LocationTotalField[] | null }>>(
      `WITH found AS (
         SELECT f.field,
                f.kept::numeric / CASE WHEN f.field IN ${MONEY_FIELDS_SQL} THEN 10000 ELSE 1 END AS kept,
                f.from_balances::numeric / CASE WHEN f.field IN ${MONEY_FIELDS_SQL} THEN 10000 ELSE 1 END AS from_balances
           FROM unnest($2::text[], $3::text[], $4::text[]) AS f(field, kept, from_balances)),
       kept AS (
         INSERT INTO ${this.t('drift_location_mismatch')} AS d (location_id, field, kept, from_balances, first_seen_at, last_checked_at)
         SELECT $1, field, kept, from_balances, $5, $5 FROM found
         ON CONFLICT (location_id, field) DO UPDATE
           SET kept = excluded.kept, from_balances = excluded.from_balances, last_checked_at = excluded.last_checked_at
         RETURNING d.field, d.xmax = 0 AS appeared),
       cleared AS (
         DELETE FROM ${this.t('drift_location_mismatch')} d
          WHERE d.location_id = $1 AND NOT (d.field = ANY ($2::text[]))
         RETURNING d.field),
       advanced AS (
         UPDATE ${this.t('drift_audit_pass')}
            SET location_cursor = $1, locations_checked = locations_checked + 1, mismatches_found = mismatches_found + cardinality($2::text[])
          WHERE pass_number = $6 AND finished_at IS NULL
         RETURNING pass_number)
       SELECT (SELECT json_agg(field) FROM kept WHERE appeared) AS appeared, (SELECT json_agg(field) FROM cleared) AS cleared,
              (SELECT count(*) FROM advanced) AS advanced`,
      [
        check.locationId,
        found.map((entry) => entry.field),
        found.map((entry) => entry.kept.toString()),
        found.map((entry) => entry.fromBalances.toString()),
        check.at,
        check.passNumber,
      ],
    );
    const changes = (fields: LocationTotalField[] | null | undefined) => (fields ?? []).map((field) => ({ locationId: check.locationId, field }));
    return { appeared: changes(rows[0]?.appeared), cleared: changes(rows[0]?.cleared) };
  }
}
