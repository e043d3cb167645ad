// The drift audit's bookkeeping in PostgreSQL: its passes (where the walk stands, what each
// pass checked and found) and its open mismatches, of balances and of locations' running
// totals, written by the auditor and read by GET /v1/drift. Every statement touches a handful
// of rows of small tables.
import type { AuditedField, LocationTotalField } from '@ledgerline/inventory-domain';
import { MONEY_FIELDS_SQL, type KeyRef, type RunStatement } from './drift-audit-sql';

export interface PassRow {
  readonly passNumber: number;
  readonly startedAt: Date;
  readonly cursor: KeyRef | null;
  readonly cursorMovedAt: Date | null;
  readonly keysChecked: number;
  readonly movementsChecked: number;
  readonly mismatchesFound: number;
  readonly keysEstimate: number;
  /** When the walk over the balances ended; the pass then checks the locations' running totals. */
  readonly balancesWalkedAt: Date | null;
  readonly locationCursor: string | null;
  readonly locationsChecked: number;
  readonly finishedAt: Date | null;
}

export interface MismatchRow extends KeyRef {
  readonly field: AuditedField;
  readonly stored: string;
  readonly fromMovements: string;
  readonly firstSeenAt: Date;
  readonly lastCheckedAt: Date;
}

export interface LocationMismatchRow {
  readonly locationId: string;
  readonly field: LocationTotalField;
  readonly kept: string;
  readonly fromBalances: string;
  readonly firstSeenAt: Date;
  readonly lastCheckedAt: Date;
}

export class DriftStateSql {
  constructor(private readonly schema: string) {}

  private t(table: string): string {
    return `"${this.schema}".${table}`;
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

  /** Ends the pass's walk over the balances: the locations' running totals are checked next. */
  async finishBalanceWalk(run: RunStatement, passNumber: number, at: Date): Promise<PassRow> {
    const rows = await run<PassDbRow[]>(
      `WITH walked AS (
         UPDATE ${this.t('drift_audit_pass')} SET balances_walked_at = $2 WHERE pass_number = $1 AND finished_at IS NULL RETURNING *)
       SELECT * FROM walked`,
      [passNumber, at],
    );
    return toPassRow(onlyRow(rows, `pass ${passNumber} to end its walk over the balances`));
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

  /** Open mismatches of the locations' running totals, counted up to `countUpTo` (one row per location and field at most). */
  async openLocationMismatchCount(run: RunStatement, countUpTo: number): Promise<number> {
    const rows = await run<Array<{ n: string }>>(`SELECT count(*)::text AS n FROM (SELECT 1 FROM ${this.t('drift_location_mismatch')} LIMIT $1) open`, [countUpTo]);
    return Number(rows[0]?.n ?? 0);
  }

  /** The oldest open mismatches of the locations' running totals first, figures as in mismatches(). */
  async locationMismatches(run: RunStatement, limit: number): Promise<LocationMismatchRow[]> {
    return run<LocationMismatchRow[]>(
      `SELECT location_id AS "locationId", field,
              CASE WHEN field IN ${MONEY_FIELDS_SQL} THEN round(kept, 4)::text ELSE round(kept)::text END AS kept,
              CASE WHEN field IN ${MONEY_FIELDS_SQL} THEN round(from_balances, 4)::text ELSE round(from_balances)::text END AS "fromBalances",
              first_seen_at AS "firstSeenAt", last_checked_at AS "lastCheckedAt"
         FROM ${this.t('drift_location_mismatch')}
        ORDER BY first_seen_at, location_id, field LIMIT $1`,
      [limit],
    );
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
  balances_walked_at: Date | null;
  location_cursor: string | null;
  locations_checked: string;
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
    balancesWalkedAt: row.balances_walked_at,
    locationCursor: row.location_cursor,
    locationsChecked: Number(row.locations_checked),
    finishedAt: row.finished_at,
  };
}
