// The drift audit's checks. A chunk of balances and the sums of their movements are read by
// one statement, so both come from one snapshot: the ledger writes a balance and its movements
// atomically, so a difference seen here is real, never a write caught halfway. What a check
// found (new mismatches, cleared ones, the pass's cursor) is then recorded by one statement, so
// a crash leaves the cursor where the recorded findings end.
import type { AuditedField, AuditedFigures, FieldDiscrepancy } from '@ledgerline/inventory-domain';

/** Runs one statement; the auditor runs them on the connection that holds its leadership. */
export type RunStatement = <T>(sql: string, parameters?: unknown[]) => Promise<T>;

export interface KeyRef {
  readonly sku: string;
  readonly locationId: string;
}

export interface CheckedBalance extends KeyRef {
  readonly stored: AuditedFigures;
  readonly fromMovements: AuditedFigures;
  readonly movements: number;
}

export interface CheckRecord {
  readonly checked: readonly KeyRef[];
  readonly discrepancies: ReadonlyArray<KeyRef & FieldDiscrepancy>;
  /** Given, the walk's pass advances to the last checked key. */
  readonly pass?: { readonly passNumber: number; readonly cursor: KeyRef; readonly movements: number };
  readonly at: Date;
}

export type MismatchChange = KeyRef & { readonly field: AuditedField };

export const MONEY_FIELDS_SQL = `('inventoryValue', 'inTransitValue')`;

export class DriftAuditSql {
  constructor(private readonly schema: string) {}

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }

  /**
   * The next balances after `after` in key order, with the sums of their movements: at most
   * `limit` keys, and no more keys once `movementBudget` movements are reached (the first key
   * always goes, however long its history). `exhausted` when no key is left after these.
   */
  async chunkAfter(run: RunStatement, after: KeyRef | null, limit: number, movementBudget: number): Promise<{ balances: CheckedBalance[]; exhausted: boolean }> {
    const candidatesSql = `SELECT b.*, sum(b.version) OVER (ORDER BY b.sku, b.location_id) - b.version AS movements_before, count(*) OVER () AS candidates
       FROM (SELECT * FROM ${this.t('stock_balance')}
              WHERE $1::text IS NULL OR (sku, location_id) > ($1::text, $2::text)
              ORDER BY sku, location_id LIMIT $3) b`;
    const rows = await run<FigureRow[]>(this.checkStatement(candidatesSql, '$4'), [after?.sku ?? null, after?.locationId ?? null, limit, movementBudget]);
    const candidates = Number(rows[0]?.candidates ?? 0);
    return { balances: rows.map(toCheckedBalance), exhausted: candidates < limit && rows.length === candidates };
  }

  /**
   * These balances (those that exist), in the order given, with the sums of their movements, up
   * to `movementBudget` as above. Each balance is read by a probe of its key: joined to the lists
   * as a whole, the planner hashed the whole balance table for a few hundred recent keys.
   */
  async keys(run: RunStatement, keys: readonly KeyRef[], movementBudget: number): Promise<CheckedBalance[]> {
    const parameters = [keys.map((key) => key.sku), keys.map((key) => key.locationId), movementBudget];
    return (await run<FigureRow[]>(this.keysStatement(), parameters)).map(toCheckedBalance);
  }

  /** The statement of keys(): $1, $2 the keys' skus and locations, $3 the movement budget. */
  keysStatement(): string {
    const candidatesSql = `SELECT b.*, sum(b.version) OVER (ORDER BY k.position) - b.version AS movements_before, count(*) OVER () AS candidates
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(sku, location_id, position)
      CROSS JOIN LATERAL (SELECT * FROM ${this.t('stock_balance')} b WHERE b.sku = k.sku AND b.location_id = k.location_id LIMIT 1) b`;
    return this.checkStatement(candidatesSql, '$3');
  }

  /**
   * Values come scaled to ten-thousandths as integers, so every figure is read exactly as a
   * bigint. The sums go through the (sku, location_id, balance_version) index, one key at a time;
   * the balance's version (its number of movements) bounds how many a chunk sums. A key's
   * movements in detached periods count as their carried-forward totals (movement_carried_forward,
   * written in the transaction that detached them), read in the same statement, so one snapshot.
   * Reserved is checked against the key's open reservations (their partial index by key): every
   * grant, release, expiry, fulfilment and consumption writes both in one statement.
   */
  private checkStatement(candidatesSql: string, budgetParameter: string): string {
    return `
      WITH candidate AS (${candidatesSql}),
      chunk AS (SELECT * FROM candidate WHERE movements_before < ${budgetParameter})
      SELECT c.sku, c.location_id, c.candidates::text AS candidates,
             c.on_hand::text AS on_hand, c.in_transit::text AS in_transit, c.on_order::text AS on_order,
             (c.inventory_value * 10000)::numeric(40,0)::text AS inventory_value,
             (c.in_transit_value * 10000)::numeric(40,0)::text AS in_transit_value, c.reserved::text AS reserved,
             (s.on_hand + COALESCE(f.on_hand, 0))::text AS sum_on_hand, (s.in_transit + COALESCE(f.in_transit, 0))::text AS sum_in_transit,
             (s.on_order + COALESCE(f.on_order, 0))::text AS sum_on_order,
             ((s.inventory_value + COALESCE(f.inventory_value, 0)) * 10000)::numeric(40,0)::text AS sum_inventory_value,
             ((s.in_transit_value + COALESCE(f.in_transit_value, 0)) * 10000)::numeric(40,0)::text AS sum_in_transit_value,
             s.movements::text AS movements, r.reserved::text AS sum_reserved
        FROM chunk c
        LEFT JOIN ${this.t('movement_carried_forward')} f ON f.sku = c.sku AND f.location_id = c.location_id
        CROSS JOIN LATERAL (
          SELECT COALESCE(sum(m.quantity_delta), 0) AS on_hand, COALESCE(sum(m.in_transit_delta), 0) AS in_transit,
                 COALESCE(sum(m.on_order_delta), 0) AS on_order, COALESCE(sum(m.value_delta), 0) AS inventory_value,
                 COALESCE(sum(m.in_transit_value_delta), 0) AS in_transit_value, count(*) AS movements
            FROM ${this.t('movement')} m WHERE m.sku = c.sku AND m.location_id = c.location_id) s
        CROSS JOIN LATERAL (
          SELECT COALESCE(sum(o.quantity - o.fulfilled_quantity), 0) AS reserved
            FROM ${this.t('reservation')} o WHERE o.sku = c.sku AND o.location_id = c.location_id AND o.status = 'open') r
       ORDER BY c.movements_before`;
  }

  /**
   * Records one check: each discrepancy found is kept (its first sighting stays), each open
   * mismatch of a checked key that was not found again is cleared, and the walk's pass moves
   * its cursor. Returns the mismatches that appeared and those cleared.
   */
  async record(run: RunStatement, check: CheckRecord): Promise<{ appeared: MismatchChange[]; cleared: MismatchChange[] }> {
    const found = check.discrepancies;
    const rows = await run<Array<{ appeared: MismatchChange[] | null; cleared: MismatchChange[] | null }>>(
      `WITH found AS (
         SELECT f.sku, f.location_id, f.field,
                f.stored::numeric / CASE WHEN f.field IN ${MONEY_FIELDS_SQL} THEN 10000 ELSE 1 END AS stored,
                f.from_movements::numeric / CASE WHEN f.field IN ${MONEY_FIELDS_SQL} THEN 10000 ELSE 1 END AS from_movements
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS f(sku, location_id, field, stored, from_movements)),
       kept AS (
         INSERT INTO ${this.t('drift_mismatch')} AS d (sku, location_id, field, stored, from_movements, first_seen_at, last_checked_at)
         SELECT sku, location_id, field, stored, from_movements, $8, $8 FROM found
         ON CONFLICT (sku, location_id, field) DO UPDATE
           SET stored = excluded.stored, from_movements = excluded.from_movements, last_checked_at = excluded.last_checked_at
         RETURNING d.sku, d.location_id, d.field, d.xmax = 0 AS appeared),
       cleared AS (
         DELETE FROM ${this.t('drift_mismatch')} d
          USING unnest($1::text[], $2::text[]) AS k(sku, location_id)
          WHERE d.sku = k.sku AND d.location_id = k.location_id
            AND NOT EXISTS (SELECT 1 FROM found f WHERE f.sku = d.sku AND f.location_id = d.location_id AND f.field = d.field)
         RETURNING d.sku, d.location_id, d.field),
       advanced AS (
         UPDATE ${this.t('drift_audit_pass')}
            SET cursor_sku = $10, cursor_location_id = $11, cursor_moved_at = $8, keys_checked = keys_checked + $12,
                movements_checked = movements_checked + $13, mismatches_found = mismatches_found + $14
          WHERE pass_number = $9 AND finished_at IS NULL
         RETURNING pass_number)
       SELECT (SELECT json_agg(json_build_object('sku', sku, 'locationId', location_id, 'field', field)) FROM kept WHERE appeared) AS appeared,
              (SELECT json_agg(json_build_object('sku', sku, 'locationId', location_id, 'field', field)) FROM cleared) AS cleared,
              (SELECT count(*) FROM advanced) AS advanced`,
      [
        check.checked.map((key) => key.sku),
        check.checked.map((key) => key.locationId),
        found.map((entry) => entry.sku),
        found.map((entry) => entry.locationId),
        found.map((entry) => entry.field),
        found.map((entry) => entry.stored.toString()),
        found.map((entry) => entry.fromMovements.toString()),
        check.at,
        check.pass?.passNumber ?? null,
        check.pass?.cursor.sku ?? null,
        check.pass?.cursor.locationId ?? null,
        check.checked.length,
        check.pass?.movements ?? 0,
        found.length,
      ],
    );
    return { appeared: rows[0]?.appeared ?? [], cleared: rows[0]?.cleared ?? [] };
  }
}

interface FigureRow {
  sku: string;
  location_id: string;
  candidates: string;
  on_hand: string;
  in_transit: string;
  on_order: string;
  inventory_value: string;
  in_transit_value: string;
  sum_on_hand: string;
  sum_in_transit: string;
  sum_on_order: string;
  sum_inventory_value: string;
  sum_in_transit_value: string;
  movements: string;
  reserved: string;
  sum_reserved: string;
}

function toCheckedBalance(row: FigureRow): CheckedBalance {
  return {
    sku: row.sku,
    locationId: row.location_id,
    stored: {
      onHand: BigInt(row.on_hand),
      inTransit: BigInt(row.in_transit),
      onOrder: BigInt(row.on_order),
      inventoryValue: BigInt(row.inventory_value),
      inTransitValue: BigInt(row.in_transit_value),
      reserved: BigInt(row.reserved),
    },
    fromMovements: {
      onHand: BigInt(row.sum_on_hand),
      inTransit: BigInt(row.sum_in_transit),
      onOrder: BigInt(row.sum_on_order),
      inventoryValue: BigInt(row.sum_inventory_value),
      inTransitValue: BigInt(row.sum_in_transit_value),
      reserved: BigInt(row.sum_reserved),
    },
    movements: Number(row.movements),
  };
}
