// The continuous drift audit: walks every balance in key order, a bounded chunk at a time, and
// checks each of its audited figures against the sums of its movements; keys the writer has
// just written are checked first, between chunks. Once the walk is over, the pass checks each
// location's running totals (what its valuation, summary and page counts are read from) against
// its balances, one location a step, and then ends. One instance audits at a time (LeaderLock);
// the others stand by. Where the walk stands is kept in PostgreSQL after every chunk, so a
// restarted or new leader resumes it, and GET /v1/drift reads the audit's state instead of
// summing movements on request.
//
// Its cost per unit of time is bounded whatever the size of the ledger: each chunk is one
// statement over at most DRIFT_AUDIT_KEYS_PER_CHUNK keys and, beyond its first key, at most
// DRIFT_AUDIT_MOVEMENTS_PER_CHUNK movements (a location's check: one statement over its
// balances), followed by a rest that keeps its busy time within
// DRIFT_AUDIT_MAX_BUSY_SHARE of wall time; between passes it rests DRIFT_AUDIT_PASS_PAUSE_MS and
// wakes only for keys written meanwhile. A larger ledger makes a pass longer, not the audit busier.
import type { DataSource } from 'typeorm';
import { auditedFigureText, balanceDiscrepancies, locationTotalDiscrepancies, pauseAfterChunk, type AuditPacing } from '@ledgerline/inventory-domain';
import { JsonLogger, LeaderLock } from '@ledgerline/runtime';
import { DriftAuditSql, type CheckedBalance, type KeyRef, type MismatchChange, type RunStatement } from './drift-audit-sql';
import { DriftStateSql, type PassRow } from './drift-state-sql';
import { LocationTotalsAuditSql } from './location-totals-audit-sql';
import { driftAuditMetrics } from './drift-audit-metrics';
import { RecentlyWrittenKeys } from './recently-written-keys';

export interface DriftAuditorOptions {
  schema: string;
  keysPerChunk: number;
  /** A chunk takes no further key once this many movements are to be summed. */
  movementsPerChunk: number;
  pacing: AuditPacing;
  passPauseMs: number;
  recentKeysCapacity: number;
}

/** What one unit of audit work did, and how long to rest after it. */
export type AuditStep =
  | { readonly did: 'standby'; readonly restMs: number }
  | { readonly did: 'recent'; readonly keys: number; readonly restMs: number }
  | { readonly did: 'walk'; readonly passNumber: number; readonly keys: number; readonly finishedPass: false; readonly restMs: number }
  | { readonly did: 'location'; readonly passNumber: number; readonly locationId: string | null; readonly finishedPass: boolean; readonly restMs: number }
  | { readonly did: 'rest'; readonly restMs: number };

/** How often a standing-by instance asks whether it may audit, and how soon a failed step is retried. */
const STANDBY_RETRY_MS = 5_000;
const FAILED_STEP_RETRY_MS = 5_000;
/** Completed passes kept for inspection. */
const PASSES_KEPT = 100;
/** Mismatches logged one by one per check; beyond this only their number. */
const MISMATCHES_LOGGED_PER_CHECK = 50;
const OPEN_MISMATCHES_COUNTED_UP_TO = 100_000;

export class DriftAuditor {
  private readonly logger = new JsonLogger('DriftAuditor');
  private readonly leadership: LeaderLock;
  private readonly sql: DriftAuditSql;
  private readonly state: DriftStateSql;
  private readonly locationTotals: LocationTotalsAuditSql;
  readonly recentKeys: RecentlyWrittenKeys;
  private readonly run: RunStatement;
  /** The pass being walked; loaded when this instance starts leading. */
  private pass: PassRow | null = null;
  private loaded = false;
  private nextPassAt = 0;
  private lastStep: AuditStep['did'] | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private wakeOnArrival = false;
  private lastError: string | undefined;
  /** The location after `after`, as the last location step looked it up: the next step starts from it. */
  private upcomingLocation: { after: string; next: string | null } | undefined;

  constructor(
    dataSource: DataSource,
    private readonly options: DriftAuditorOptions,
  ) {
    this.leadership = new LeaderLock(dataSource, `${options.schema}.drift-audit`);
    this.sql = new DriftAuditSql(options.schema);
    this.state = new DriftStateSql(options.schema);
    this.locationTotals = new LocationTotalsAuditSql(options.schema);
    this.run = (sql, parameters) => this.leadership.query(sql, parameters);
    this.recentKeys = new RecentlyWrittenKeys(options.recentKeysCapacity, () => this.leadership.isLeader);
    this.recentKeys.onArrival(() => {
      if (this.wakeOnArrival) this.wake?.();
    });
  }

  start(): void {
    this.running = true;
    this.loop = this.runLoop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.leadership.release();
    this.recentKeys.clear();
  }

  status(): { leader: boolean; lastError: string | null } {
    return { leader: this.leadership.isLeader, lastError: this.lastError ?? null };
  }

  /** One unit of work if this instance may audit: the recently written keys, the next chunk of the walk, or nothing until the next pass is due. */
  async auditOnce(now: () => Date = () => new Date()): Promise<AuditStep> {
    const wasLeader = this.leadership.isLeader;
    if (!(await this.leadership.tryAcquire())) {
      this.loaded = false;
      return { did: 'standby', restMs: STANDBY_RETRY_MS };
    }
    if (!wasLeader || !this.loaded) await this.load(now());
    const step = await this.step(now);
    this.lastStep = step.did;
    return step;
  }

  private async step(now: () => Date): Promise<AuditStep> {
    const walkDue = this.pass !== null || now().getTime() >= this.nextPassAt;
    // Recent keys first, but never twice in a row while the walk is due, so the walk goes on under any write load.
    if (this.recentKeys.size > 0 && (!walkDue || this.lastStep !== 'recent')) return this.checkRecent(now);
    if (!walkDue) return { did: 'rest', restMs: this.nextPassAt - now().getTime() };
    this.pass ??= await this.state.startPass(this.run, now());
    return this.pass.balancesWalkedAt === null ? this.walkChunk(this.pass, now) : this.checkLocation(this.pass, now);
  }

  private async load(at: Date): Promise<void> {
    const { current, lastCompleted } = await this.state.passes(this.run);
    this.pass = current;
    this.upcomingLocation = undefined;
    this.nextPassAt = lastCompleted?.finishedAt ? lastCompleted.finishedAt.getTime() + this.options.passPauseMs : at.getTime();
    if (lastCompleted !== null) this.showCompletedPass(lastCompleted);
    driftAuditMetrics.mismatchesOpen.set(await this.state.openMismatchCount(this.run, OPEN_MISMATCHES_COUNTED_UP_TO));
    driftAuditMetrics.locationMismatchesOpen.set(await this.state.openLocationMismatchCount(this.run, OPEN_MISMATCHES_COUNTED_UP_TO));
    this.loaded = true;
    this.logger.info('auditing balances for all instances', { resumingPass: current?.passNumber ?? null, cursor: current?.cursor ?? null });
  }

  private async checkRecent(now: () => Date): Promise<AuditStep> {
    const started = Date.now();
    const keys = this.recentKeys.take(this.options.keysPerChunk);
    const balances = await this.sql.keys(this.run, keys, this.options.movementsPerChunk);
    await this.recordCheck(balances, now(), undefined);
    // Keys past the movement budget go back in the queue for the next recent check.
    const last = balances[balances.length - 1];
    const lastIndex = last === undefined ? keys.length : keys.findIndex((key) => key.sku === last.sku && key.locationId === last.locationId);
    this.recentKeys.noteWritten(keys.slice(lastIndex + 1));
    driftAuditMetrics.keysVerified.inc({ order: 'recent' }, balances.length);
    return { did: 'recent', keys: balances.length, restMs: pauseAfterChunk(Date.now() - started, this.options.pacing) };
  }

  private async walkChunk(pass: PassRow, now: () => Date): Promise<AuditStep> {
    const started = Date.now();
    const { balances, exhausted } = await this.sql.chunkAfter(this.run, pass.cursor, this.options.keysPerChunk, this.options.movementsPerChunk);
    const last = balances[balances.length - 1];
    const movements = balances.reduce((sum, balance) => sum + balance.movements, 0);
    if (last !== undefined) {
      await this.recordCheck(balances, now(), { passNumber: pass.passNumber, cursor: { sku: last.sku, locationId: last.locationId }, movements });
      this.pass = { ...pass, cursor: { sku: last.sku, locationId: last.locationId }, keysChecked: pass.keysChecked + balances.length, movementsChecked: pass.movementsChecked + movements };
      driftAuditMetrics.keysVerified.inc({ order: 'walk' }, balances.length);
      driftAuditMetrics.movementsSummed.inc(movements);
      driftAuditMetrics.passProgress.set(this.pass.keysEstimate > 0 ? Math.min(1, this.pass.keysChecked / this.pass.keysEstimate) : 0);
    }
    if (exhausted) this.pass = await this.state.finishBalanceWalk(this.run, pass.passNumber, now());
    return { did: 'walk', passNumber: pass.passNumber, keys: balances.length, finishedPass: false, restMs: pauseAfterChunk(Date.now() - started, this.options.pacing) };
  }

  /** Checks the next location's running totals against its balances; the pass ends after the last location. */
  private async checkLocation(pass: PassRow, now: () => Date): Promise<AuditStep> {
    const started = Date.now();
    const known = this.upcomingLocation;
    const locationId =
      known !== undefined && known.after === pass.locationCursor ? known.next : await this.locationTotals.nextLocation(this.run, pass.locationCursor);
    if (locationId !== null) {
      const { kept, fromBalances } = await this.locationTotals.check(this.run, locationId);
      const discrepancies = locationTotalDiscrepancies(kept, fromBalances);
      const { appeared, cleared } = await this.locationTotals.record(this.run, { locationId, discrepancies, passNumber: pass.passNumber, at: now() });
      this.pass = { ...pass, locationCursor: locationId, locationsChecked: pass.locationsChecked + 1, mismatchesFound: pass.mismatchesFound + discrepancies.length };
      driftAuditMetrics.locationsVerified.inc();
      if (appeared.length > 0 || cleared.length > 0) {
        driftAuditMetrics.locationMismatchesOpen.set(await this.state.openLocationMismatchCount(this.run, OPEN_MISMATCHES_COUNTED_UP_TO));
      }
      for (const { field, kept: keptFigure, fromBalances: counted } of discrepancies.filter((entry) => appeared.some((change) => change.field === entry.field))) {
        this.logger.error("a location's running total disagrees with its balances", {
          code: 'LEDGER.LOCATION_TOTALS_DRIFT',
          locationId,
          field,
          kept: auditedFigureText(field, keptFigure),
          fromBalances: auditedFigureText(field, counted),
        });
      }
      for (const change of cleared) this.logger.info("a location's running total agrees with its balances again", { ...change });
    }
    // The next location is looked up once: it tells whether this step ends the pass, and the next step starts from it.
    const next = locationId === null ? null : await this.locationTotals.nextLocation(this.run, locationId);
    this.upcomingLocation = locationId === null ? undefined : { after: locationId, next };
    const finishedPass = next === null;
    if (finishedPass) await this.finishPass(pass.passNumber, now());
    const restMs = pauseAfterChunk(Date.now() - started, this.options.pacing);
    return { did: 'location', passNumber: pass.passNumber, locationId, finishedPass, restMs: finishedPass ? Math.max(restMs, this.nextPassAt - Date.now()) : restMs };
  }

  private async finishPass(passNumber: number, at: Date): Promise<void> {
    const finished = await this.state.finishPass(this.run, passNumber, at, PASSES_KEPT);
    this.pass = null;
    this.nextPassAt = at.getTime() + this.options.passPauseMs;
    this.showCompletedPass(finished);
    driftAuditMetrics.passProgress.set(1);
    this.logger.info('drift audit pass completed', {
      passNumber,
      keys: finished.keysChecked,
      movements: finished.movementsChecked,
      locations: finished.locationsChecked,
      mismatches: finished.mismatchesFound,
      seconds: secondsBetween(finished.startedAt, at),
    });
  }

  private async recordCheck(balances: CheckedBalance[], at: Date, pass: { passNumber: number; cursor: KeyRef; movements: number } | undefined): Promise<void> {
    const discrepancies = balances.flatMap((balance) =>
      balanceDiscrepancies(balance.stored, balance.fromMovements).map((discrepancy) => ({ sku: balance.sku, locationId: balance.locationId, ...discrepancy })),
    );
    const { appeared, cleared } = await this.sql.record(this.run, { checked: balances, discrepancies, pass, at });
    if (appeared.length === 0 && cleared.length === 0) return;
    driftAuditMetrics.mismatchesFound.inc(appeared.length);
    driftAuditMetrics.mismatchesOpen.set(await this.state.openMismatchCount(this.run, OPEN_MISMATCHES_COUNTED_UP_TO));
    const figures = new Map(discrepancies.map((entry) => [changeId(entry), entry]));
    for (const change of appeared.slice(0, MISMATCHES_LOGGED_PER_CHECK)) {
      const found = figures.get(changeId(change));
      this.logger.error('balance disagrees with the sum of its movements', {
        code: 'LEDGER.BALANCE_DRIFT',
        ...change,
        stored: found === undefined ? null : auditedFigureText(found.field, found.stored),
        fromMovements: found === undefined ? null : auditedFigureText(found.field, found.fromMovements),
      });
    }
    if (appeared.length > MISMATCHES_LOGGED_PER_CHECK) this.logger.error('more balances disagree with their movements', { code: 'LEDGER.BALANCE_DRIFT', notLogged: appeared.length - MISMATCHES_LOGGED_PER_CHECK });
    for (const change of cleared.slice(0, MISMATCHES_LOGGED_PER_CHECK)) this.logger.info('balance agrees with its movements again', { ...change });
  }

  private showCompletedPass(pass: PassRow): void {
    if (pass.finishedAt === null) return;
    driftAuditMetrics.lastPassDuration.set(secondsBetween(pass.startedAt, pass.finishedAt));
    driftAuditMetrics.lastPassFinished.set(pass.finishedAt.getTime() / 1000);
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      let restMs: number;
      try {
        const step = await this.auditOnce();
        restMs = step.restMs;
        this.wakeOnArrival = step.did === 'rest' || (step.did === 'location' && step.finishedPass);
        this.lastError = undefined;
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.warn('drift audit step failed; retrying', { error: this.lastError });
        this.loaded = false;
        this.pass = null;
        this.upcomingLocation = undefined;
        await this.leadership.release();
        restMs = FAILED_STEP_RETRY_MS;
        this.wakeOnArrival = false;
      }
      if (this.running) await this.rest(restMs);
      this.wakeOnArrival = false;
    }
  }

  private rest(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wake = done;
    });
  }
}

function changeId(change: MismatchChange): string {
  return `${change.sku}@${change.locationId}:${change.field}`;
}

function secondsBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 1000;
}
