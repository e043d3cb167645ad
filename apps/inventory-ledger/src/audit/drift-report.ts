// What GET /v1/drift answers, built from the audit's state alone (the pass bookkeeping and the
// open mismatches of balances and of locations' totals): a handful of index lookups on small tables, whatever the size of the ledger.
import { keyVerification } from '@ledgerline/inventory-domain';
import type { KeyRef, RunStatement } from './drift-audit-sql';
import type { DriftStateSql, LocationMismatchRow, MismatchRow, PassRow } from './drift-state-sql';

export interface DriftReport {
  /** consistent: no open mismatch (of a balance or of a location's totals) and at least one full pass completed. */
  status: 'consistent' | 'mismatch' | 'not-yet-audited';
  /** Balance fields, counted up to MISMATCHES_COUNTED_UP_TO. */
  mismatchesOpen: number;
  mismatches: MismatchView[];
  /** Locations' running totals that disagree with their balances. */
  locationTotals: { mismatchesOpen: number; mismatches: LocationMismatchView[] };
  currentPass: CurrentPassView | null;
  lastCompletedPass: CompletedPassView | null;
  /**
   * Between passes, when the next is due to begin (the last one's finish plus
   * DRIFT_AUDIT_PASS_PAUSE_MS); null while a pass runs, before the first, or with the audit off.
   */
  nextPassDueAt: string | null;
  auditor: { enabled: boolean; auditingHere: boolean; lastError: string | null };
  key?: KeyDriftView;
}

export interface MismatchView {
  sku: string;
  locationId: string;
  field: string;
  stored: string;
  fromMovements: string;
  firstSeenAt: string;
  lastCheckedAt: string;
}

export interface LocationMismatchView {
  locationId: string;
  field: string;
  kept: string;
  fromBalances: string;
  firstSeenAt: string;
  lastCheckedAt: string;
}

export interface CurrentPassView {
  passNumber: number;
  startedAt: string;
  keysChecked: number;
  keysEstimate: number;
  /** keysChecked / keysEstimate, at most 1; null while nothing is known of the size. */
  progress: number | null;
  movementsChecked: number;
  mismatchesFound: number;
  cursor: KeyRef | null;
  cursorMovedAt: string | null;
  /** balances: walking the balances; location-totals: checking each location's running totals, after the walk. */
  phase: 'balances' | 'location-totals';
  locationsChecked: number;
}

export interface CompletedPassView {
  passNumber: number;
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  keysChecked: number;
  movementsChecked: number;
  locationsChecked: number;
  mismatchesFound: number;
}

export interface KeyDriftView extends KeyRef {
  status: 'verified' | 'awaiting-check' | 'mismatch';
  lastVerified: { passNumber: number; from: string; to: string } | null;
  balanceWrittenAt: string;
  mismatches: MismatchView[];
}

const MISMATCHES_COUNTED_UP_TO = 10_000;

export async function buildDriftReport(
  sql: DriftStateSql,
  run: RunStatement,
  auditor: DriftReport['auditor'],
  request: { limit: number; key?: KeyRef },
  passPauseMs: number,
): Promise<DriftReport | undefined> {
  const { current, lastCompleted } = await sql.passes(run);
  const mismatchesOpen = await sql.openMismatchCount(run, MISMATCHES_COUNTED_UP_TO);
  const mismatches = mismatchesOpen === 0 ? [] : (await sql.mismatches(run, request.limit)).map(mismatchView);
  const locationMismatchesOpen = await sql.openLocationMismatchCount(run, MISMATCHES_COUNTED_UP_TO);
  const locationMismatches = locationMismatchesOpen === 0 ? [] : (await sql.locationMismatches(run, request.limit)).map(locationMismatchView);
  let key: KeyDriftView | undefined;
  if (request.key !== undefined) {
    const facts = await sql.keyFacts(run, request.key, current);
    if (facts === undefined) return undefined;
    const keyMismatches = mismatchesOpen === 0 ? [] : (await sql.mismatches(run, 5, request.key)).map(mismatchView);
    const verification = keyVerification({
      ...facts,
      currentPass: current === null ? null : { passNumber: current.passNumber, startedAt: current.startedAt, cursorMovedAt: current.cursorMovedAt },
      lastCompletedPass: lastCompleted?.finishedAt ? { passNumber: lastCompleted.passNumber, startedAt: lastCompleted.startedAt, finishedAt: lastCompleted.finishedAt } : null,
      openMismatches: keyMismatches.length,
    });
    key = {
      ...request.key,
      status: verification.status,
      lastVerified: verification.lastVerified && { passNumber: verification.lastVerified.passNumber, from: iso(verification.lastVerified.from), to: iso(verification.lastVerified.to) },
      balanceWrittenAt: iso(facts.balanceWrittenAt),
      mismatches: keyMismatches,
    };
  }
  return {
    status: mismatchesOpen + locationMismatchesOpen > 0 ? 'mismatch' : lastCompleted === null ? 'not-yet-audited' : 'consistent',
    mismatchesOpen,
    mismatches,
    locationTotals: { mismatchesOpen: locationMismatchesOpen, mismatches: locationMismatches },
    currentPass: current && currentPassView(current),
    lastCompletedPass: lastCompleted && completedPassView(lastCompleted),
    nextPassDueAt: auditor.enabled && current === null && lastCompleted?.finishedAt ? iso(new Date(lastCompleted.finishedAt.getTime() + passPauseMs)) : null,
    auditor,
    ...(key === undefined ? {} : { key }),
  };
}

function mismatchView(row: MismatchRow): MismatchView {
  return { ...row, firstSeenAt: iso(row.firstSeenAt), lastCheckedAt: iso(row.lastCheckedAt) };
}

function locationMismatchView(row: LocationMismatchRow): LocationMismatchView {
  return { ...row, firstSeenAt: iso(row.firstSeenAt), lastCheckedAt: iso(row.lastCheckedAt) };
}

function currentPassView(pass: PassRow): CurrentPassView {
  return {
    passNumber: pass.passNumber,
    startedAt: iso(pass.startedAt),
    keysChecked: pass.keysChecked,
    keysEstimate: pass.keysEstimate,
    progress: pass.keysEstimate > 0 ? Math.min(1, pass.keysChecked / pass.keysEstimate) : null,
    movementsChecked: pass.movementsChecked,
    mismatchesFound: pass.mismatchesFound,
    cursor: pass.cursor,
    cursorMovedAt: pass.cursorMovedAt && iso(pass.cursorMovedAt),
    phase: pass.balancesWalkedAt === null ? 'balances' : 'location-totals',
    locationsChecked: pass.locationsChecked,
  };
}

function completedPassView(pass: PassRow): CompletedPassView {
  const finishedAt = pass.finishedAt ?? pass.startedAt;
  return {
    passNumber: pass.passNumber,
    startedAt: iso(pass.startedAt),
    finishedAt: iso(finishedAt),
    durationSeconds: (finishedAt.getTime() - pass.startedAt.getTime()) / 1000,
    keysChecked: pass.keysChecked,
    movementsChecked: pass.movementsChecked,
    locationsChecked: pass.locationsChecked,
    mismatchesFound: pass.mismatchesFound,
  };
}

function iso(time: Date): string {
  return time.toISOString();
}
