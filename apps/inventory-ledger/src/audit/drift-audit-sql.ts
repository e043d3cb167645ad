// The drift audit's statements. A chunk of balances and the sums of their movements are read by
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

export interface PassRow {
  readonly passNumber: number;
  readonly startedAt: Date;
  readonly cursor: KeyRef | null;
  readonly cursorMovedAt: Date | null;
  readonly keysChecked: number;
  readonly movementsChecked: number;
  readonly mismatchesFound: number;
  readonly keysEstimate: number;
  readonly finishedAt: Date | null;
}

export interface CheckRecord {
  readonly checked: readonly KeyRef[];
  readonly discrepancies: ReadonlyArray<KeyRef & FieldDiscrepancy>;
  /** Given, the walk's pass advances to the last checked key. */
  readonly pass?: { readonly passNumber: number; readonly cursor: KeyRef; readonly movements: number };
  readonly at: Date;
}

export type MismatchChange = KeyRef & { readonly field: AuditedField };

export interface MismatchRow extends KeyRef {
  readonly field: AuditedField;
  readonly stored: string;
  readonly fromMovements: string;
  readonly firstSeenAt: Date;
  readonly lastCheckedAt: Date;
}

const MONEY_FIELDS_SQL = `('inventoryValue', 'inTransitValue')`;

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

  /** These balances (those that exist), in the order given, with the sums of their movements, up to `movementBudget` as above. */
  async keys(run: RunStatement, keys: readonly KeyRef[], movementBudget: number): Promise<CheckedBalance[]> {
    const candidatesSql = `SELECT b.*, sum(b.version) OVER (ORDER BY k.position) - b.version AS movements_before, count(*) OVER () AS candidates
       FROM ${this.t('stock_balance')} b
       JOIN unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(sku, location_id, position) ON b.sku = k.sku AND b.location_id = k.location_id`;
    const parameters = [keys.map((key) => key.sku), keys.map((key) => key.locationId), movementBudget];
    return (await run<FigureRow[]>(this.checkStatement(candidatesSql, '$3'), parameters)).map(toCheckedBalance);
  }

  /**
   * Values come scaled to ten-thousandths as integers, so every figure is read exactly as a
   * bigint. The sums go through the (sku, location_id, balance_version) index, one key at a time;
   * the balance's version (its number of movements) bounds how many a chunk sums.
   */
  private checkStatement(candidatesSql: string, budgetParameter: string): string {
    return `
      WITH candidate AS (${candidatesSql}),
      chunk AS (SELECT * FROM candidate WHERE movements_before < ${budgetParameter})
      SELECT c.sku, c.location_id, c.candidates::text AS candidates,
             c.on_hand::text AS on_hand, c.in_transit::text AS in_transit, c.on_order::text AS on_order,
             (c.inventory_value * 10000)::numeric(40,0)::text AS inventory_value,
             (c.in_transit_value * 10000)::numeric(40,0)::text AS in_transit_value,
             s.on_hand::text AS sum_on_hand, s.in_transit::text AS sum_in_transit, s.on_order::text AS sum_on_order,
             (s.inventory_value * 10000)::numeric(40,0)::text AS sum_inventory_value,
             (s.in_transit_value * 10000)::numeric(40,0)::text AS sum_in_transit_value,
             s.movements::text AS movements
        FROM chunk c
        CROSS JOIN LATERAL (
          SELECT COALESCE(sum(m.quantity_delta), 0) AS on_hand, COALESCE(sum(m.in_transit_delta), 0) AS in_transit,
                 COALESCE(sum(m.on_order_delta), 0) AS on_order, COALESCE(sum(m.value_delta), 0) AS inventory_value,
                 COALESCE(sum(m.in_transit_value_delta), 0) AS in_transit_value, count(*) AS movements
            FROM ${this.t('movement')} m WHERE m.sku = c.sku AND m.location_id = c.location_id) s
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

  /** The pass in progress (if any) and the last completed one. */
  async passes(run: RunStatement): Promise<{ current: PassRow | null; lastCompleted: PassRow | null }> {
    const rows = await run<PassDbRow[]>(
      `(SELECT * FROM ${this.t('drift_audit_pass')} WHERE finished_at IS NULL ORDER BY pass_number DESC LIMIT 1)
       UNION ALL
       (SELECT * FROM ${this.t('drift_audit_pass')} WHERE finished_at IS NOT NULL ORDER BY pass_number DESC LIMIT 1)`,
    );
    const passes = rows.map(toPassRow);
    return { current: passes.find((pass) => pass.finishedAt === null) ?? null, lastCompleted: passes.find((pass) => pass.finishedAt !== null) ?? null };
  }

  /**
   * Opens the next pass. Its size is estimated from the planner's row count of stock_balance or
   * the last pass's, whichever is larger: counting the balances would itself be a full scan.
   */
  async startPass(run: RunStatement, at: Date): Promise<PassRow> {
    const rows = await run<PassDbRow[]>(
      `INSERT INTO ${this.t('drift_audit_pass')} (pass_number, started_at, keys_estimate)
       SELECT COALESCE((SELECT max(pass_number) FROM ${this.t('drift_audit_pass')}), 0) + 1, $1,
              GREATEST((SELECT reltuples::bigint FROM pg_class WHERE oid = $2::regclass),
                       (SELECT keys_checked FROM ${this.t('drift_audit_pass')} WHERE finished_at IS NOT NULL ORDER BY pass_number DESC LIMIT 1), 0)
       RETURNING *`,
      [at, this.t('stock_balance')],
    );
    return toPassRow(onlyRow(rows, 'the pass opened'));
  }

  /** Closes a pass and forgets all but the latest `keep` passes. */
  async finishPass(run: RunStatement, passNumber: number, at: Date, keep: number): Promise<PassRow> {
    const rows = await run<PassDbRow[]>(
      `WITH finished AS (
         UPDATE ${this.t('drift_audit_pass')} SET finished_at = $2 WHERE pass_number = $1 RETURNING *),
       forgotten AS (
         DELETE FROM ${this.t('drift_audit_pass')} WHERE pass_number <= $1 - $3)
       SELECT * FROM finished`,
      [passNumber, at, keep],
    );
    return toPassRow(onlyRow(rows, `pass ${passNumber} to finish`));
  }

  /** Open mismatches, counted up to `countUpTo` (the table is tiny unless something is badly wrong). */
  async openMismatchCount(run: RunStatement, countUpTo: number): Promise<number> {
    const rows = await run<Array<{ n: string }>>(`SELECT count(*)::text AS n FROM (SELECT 1 FROM ${this.t('drift_mismatch')} LIMIT $1) open`, [countUpTo]);
    return Number(rows[0]?.n ?? 0);
  }

  /** The oldest open mismatches first; figures as decimal text (values with 4 fraction digits). */
  async mismatches(run: RunStatement, limit: number, key?: KeyRef): Promise<MismatchRow[]> {
    return run<MismatchRow[]>(
      `SELECT sku, location_id AS "locationId", field,
              CASE WHEN field IN ${MONEY_FIELDS_SQL} THEN round(stored, 4)::text ELSE round(stored)::text END AS stored,
              CASE WHEN field IN ${MONEY_FIELDS_SQL} THEN round(from_movements, 4)::text ELSE round(from_movements)::text END AS "fromMovements",
              first_seen_at AS "firstSeenAt", last_checked_at AS "lastCheckedAt"
         FROM ${this.t('drift_mismatch')}
        WHERE $2::text IS NULL OR (sku = $2 AND location_id = $3)
        ORDER BY first_seen_at, sku, location_id, field LIMIT $1`,
      [limit, key?.sku ?? null, key?.locationId ?? null],
    );
  }

  /** What the verification of one key rests on: when its balance was last written and whether the current pass has reached it. */
  async keyFacts(run: RunStatement, key: KeyRef, currentPass: PassRow | null): Promise<{ balanceWrittenAt: Date; reachedByCurrentPass: boolean } | undefined> {
    const rows = await run<Array<{ updated_at: Date; reached: boolean | null }>>(
      `SELECT updated_at, (sku, location_id) <= ($3::text, $4::text) AS reached
         FROM ${this.t('stock_balance')} WHERE sku = $1 AND location_id = $2`,
      [key.sku, key.locationId, currentPass?.cursor?.sku ?? null, currentPass?.cursor?.locationId ?? null],
    );
    const row = rows[0];
    return row === undefined ? undefined : { balanceWrittenAt: row.updated_at, reachedByCurrentPass: row.reached === true };
  }
}

function onlyRow<T>(rows: T[], what: string): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`the drift audit state lacks ${what}`);
  return row;
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
    },
    fromMovements: {
      onHand: BigInt(row.sum_on_hand),
      inTransit: BigInt(row.sum_in_transit),
      onOrder: BigInt(row.sum_on_order),
      inventoryValue: BigInt(row.sum_inventory_value),
      inTransitValue: BigInt(row.sum_in_transit_value),
    },
    movements: Number(row.movements),
  };
}

interface PassDbRow {
  pass_number: string;
  started_at: Date;
  cursor_sku: string | null;
  cursor_location_id: string | null;
  cursor_moved_at: Date | null;
  keys_checked: string;
  movements_checked: string;
  mismatches_found: string;
  keys_estimate: string;
  finished_at: Date | null;
}

function toPassRow(row: PassDbRow): PassRow {
  return {
    passNumber: Number(row.pass_number),
    startedAt: row.started_at,
    cursor: row.cursor_sku === null || row.cursor_location_id === null ? null : { sku: row.cursor_sku, locationId: row.cursor_location_id },
    cursorMovedAt: row.cursor_moved_at,
    keysChecked: Number(row.keys_checked),
    movementsChecked: Number(row.movements_checked),
    mismatchesFound: Number(row.mismatches_found),
    keysEstimate: Number(row.keys_estimate),
    finishedAt: row.finished_at,
  };
}
