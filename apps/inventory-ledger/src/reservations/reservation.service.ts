// Reservations as the ledger grants them: the domain checks and decides, ReservationSql writes
// each decision as one statement. Stateless, so any number of instances serve the same keys.
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import {
  ReservationError,
  decideReserveBatch,
  extendReservation,
  fulfilReservation,
  grantedReservation,
  openQuantity,
  releaseReservation,
  type BatchLineDecision,
  type BatchedReserve,
  type Reservation,
  type ReserveRequest,
  type Transition,
} from '@ledgerline/inventory-domain';
import { contentFingerprint } from '@ledgerline/contracts';
import { sqlStateOf } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { MovementIntakeService } from '../ledger/movement-intake.service';
import { DecisionBatcher, type Settled } from './decision-batcher';
import { ReservationBatchSql, type BatchGrant, type BatchRecord, type LockedBatchFacts } from './reservation-batch-sql';
import { ReservationSql, type ReservationChange } from './reservation-sql';

/** How often a transition is decided again when the reservation changed under it. */
const MAX_ATTEMPTS = 5;

export interface ReservationView {
  reservationId: string;
  sku: string;
  locationId: string;
  channel: string;
  quantity: number;
  fulfilledQuantity: number;
  /** Units it still holds: zero once it is no longer open. */
  openQuantity: number;
  status: Reservation['status'];
  expiresAt: string;
}

export type ReserveLineAnswer =
  | { line: number; sku: string; locationId: string; quantity: number; status: 'granted'; reservation: ReservationView }
  | { line: number; sku: string; locationId: string; quantity: number; status: 'refused'; available: number };

export interface ReserveAnswer {
  idempotencyKey: string;
  channel: string;
  lines: ReserveLineAnswer[];
}

@Injectable()
export class ReservationService implements OnModuleDestroy {
  private readonly sql: ReservationSql;
  private readonly defaultHoldMs: number;
  private readonly grantListeners: Array<(expiresAt: Date) => void> = [];
  private readonly batchSql: ReservationBatchSql;
  private readonly batcher: DecisionBatcher<BatchedReserve, ReserveAnswer>;
  /** Settles once the latest batch formed holds its locks (or gave up taking them). */
  private lastLocked: Promise<void> = Promise.resolve();
  /**
   * Connections kept between batches (at most one per batch in flight): a batch does not queue
   * for a connection behind the pool's other callers, the requests' own credential lookups first.
   */
  private readonly keptConnections: QueryRunner[] = [];
  private readonly keepConnections: boolean;
  private closing = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    private readonly intake: MovementIntakeService,
  ) {
    this.sql = new ReservationSql(config.DATABASE_SCHEMA);
    this.defaultHoldMs = config.RESERVATION_DEFAULT_HOLD_MS;
    this.batchSql = new ReservationBatchSql(config.DATABASE_SCHEMA);
    // At least one connection of the pool stays free for everything else (the requests' own
    // credential lookups first); a pool of one keeps none for the batches.
    const inFlight = Math.min(config.RESERVATION_BATCHES_IN_FLIGHT, Math.max(1, config.DATABASE_POOL_SIZE - 1));
    this.keepConnections = config.DATABASE_POOL_SIZE > inFlight;
    this.batcher = new DecisionBatcher((batch) => this.decideBatch(batch), { maxInFlight: inFlight, maxBatch: config.RESERVATION_BATCH_MAX });
  }

  /** Hears the expiry of every reservation this instance grants (the expiry wakes for it). */
  onGranted(listener: (expiresAt: Date) => void): void {
    this.grantListeners.push(listener);
  }

  /**
   * Decided together with the requests that queued meanwhile (DecisionBatcher), each in its turn
   * on what the ones before it left, and answered once the batch committed.
   */
  reserve(idempotencyKey: string, request: ReserveRequest, now = Date.now()): Promise<ReserveAnswer> {
    return this.batcher.submit({ idempotencyKey, fingerprint: fingerprintOf(request), request, now });
  }

  private async decideBatch(batch: BatchedReserve[]): Promise<Array<Settled<ReserveAnswer>>> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.decideOnce(batch);
      } catch (error) {
        // 23505: a request under one of the batch's keys committed on another instance after the
        // batch read the records; decided again, that record answers it.
        // 40P01: the batch met a statement that locks balances in another order.
        // Either way the batch kept nothing.
        const state = sqlStateOf(error);
        if ((state !== '23505' && state !== '40P01') || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** One transaction: lock the batch's balances, decide every request, write the grants, commit. */
  private async decideOnce(batch: readonly BatchedReserve[]): Promise<Array<Settled<ReserveAnswer>>> {
    // Batches lock in the order they were formed: two that share a key decide it in arrival order.
    const previousLocked = this.lastLocked;
    let locked!: () => void;
    this.lastLocked = new Promise<void>((resolve) => (locked = resolve));
    let runner: QueryRunner | undefined;
    let reusable = false;
    let facts: LockedBatchFacts;
    let decided: ReturnType<typeof decideReserveBatch>;
    const granted = new Map<number, { expiresAt: Date; reservationIds: Map<number, string> }>();
    try {
      try {
        runner = await this.begin();
        await previousLocked;
        facts = await this.batchSql.lockAndRead(runner.manager, {
          idempotencyKeys: batch.map((item) => item.idempotencyKey),
          lines: batch.flatMap((item) => item.request.lines.map((line) => ({ sku: line.sku, locationId: line.locationId, channel: item.request.channel }))),
        });
      } finally {
        locked();
      }
      decided = decideReserveBatch(batch, facts);
      const grants: BatchGrant[] = [];
      const records: BatchRecord[] = [];
      decided.decisions.forEach((decision, index) => {
        if (decision.kind !== 'granted') return;
        const { idempotencyKey, fingerprint, request, now } = batch[index]!;
        const expiresAt = new Date(request.expiresAt ?? now + this.defaultHoldMs);
        const reservationIds = new Map<number, string>();
        decision.lines.forEach((line, lineNumber) => {
          if (!line.granted) return;
          const { sku, locationId, quantity } = request.lines[lineNumber]!;
          const reservationId = `res_${randomUUID()}`;
          reservationIds.set(lineNumber, reservationId);
          grants.push({ idempotencyKey, lineNumber, reservationId, sku, locationId, channel: request.channel, quantity, expiresAt, reservedAfter: line.reservedAfter });
        });
        granted.set(index, { expiresAt, reservationIds });
        records.push({ idempotencyKey, fingerprint, answer: [...reservationIds].map(([lineNumber, reservationId]) => ({ lineNumber, reservationId })) });
      });
      if (grants.length > 0) await this.batchSql.write(runner.manager, { grants, keys: decided.keys, records });
      await runner.commitTransaction();
      reusable = true;
    } catch (error) {
      // Kept only when it is known to be back outside any transaction.
      if (runner?.isTransactionActive) reusable = await runner.rollbackTransaction().then(() => true, () => false);
      throw error;
    } finally {
      if (runner) await this.giveBack(runner, reusable);
    }
    if (granted.size > 0) {
      this.outboxWritten();
      for (const { expiresAt } of granted.values()) for (const listener of this.grantListeners) listener(expiresAt);
    }
    const answers: Array<Settled<ReserveAnswer>> = [];
    for (const [index, decision] of decided.decisions.entries()) {
      const { idempotencyKey, request } = batch[index]!;
      switch (decision.kind) {
        case 'granted': {
          const { expiresAt, reservationIds } = granted.get(index)!;
          answers.push({ ok: true, value: grantedAnswer(idempotencyKey, request, decision.lines, reservationIds, expiresAt) });
          break;
        }
        case 'repeat':
          answers.push(answers[decision.of]!);
          break;
        case 'refused':
          answers.push({ ok: false, error: decision.error });
          break;
        case 'replay': {
          const stored = facts.record(idempotencyKey)!.answer as Array<{ lineNumber: number; reservationId: string }>;
          answers.push(await this.answer(idempotencyKey, request, stored).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error })));
          break;
        }
      }
    }
    return answers;
  }

  /** A transaction begun on a kept connection, or on a new one from the pool. */
  private async begin(): Promise<QueryRunner> {
    let kept = this.keptConnections.pop();
    // One whose connection broke while kept was released by TypeORM as it broke.
    while (kept?.isReleased) kept = this.keptConnections.pop();
    if (kept) {
      try {
        await kept.startTransaction();
        return kept;
      } catch {
        // Closed by the server meanwhile (a restart, an idle timeout): nothing was sent on it,
        // so the batch begins again on a new one.
        await kept.release().catch(() => undefined);
      }
    }
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      return runner;
    } catch (error) {
      await runner.release().catch(() => undefined);
      throw error;
    }
  }

  private async giveBack(runner: QueryRunner, reusable: boolean): Promise<void> {
    if (reusable && this.keepConnections && !this.closing) this.keptConnections.push(runner);
    else await runner.release();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await Promise.all(this.keptConnections.splice(0).map((runner) => runner.release()));
  }

  async get(reservationId: string): Promise<ReservationView> {
    const reservation = await this.sql.find(this.dataSource.manager, reservationId);
    if (!reservation) throw new ReservationError('RESERVATION.UNKNOWN', `no reservation ${reservationId}`, 'reservationId');
    return view(reservation);
  }

  extend(reservationId: string, expiresAt: number, options: TransitionOptions = {}): Promise<ReservationView> {
    const now = options.now ?? Date.now();
    const request = identified(options.requestId, { action: 'extend', reservationId, expiresAt });
    return this.transition(reservationId, 'extended', (reservation) => extendReservation(reservation, reservationId, expiresAt, now), request);
  }

  release(reservationId: string, options: TransitionOptions = {}): Promise<ReservationView> {
    const now = options.now ?? Date.now();
    const request = identified(options.requestId, { action: 'release', reservationId });
    return this.transition(reservationId, 'released', (reservation) => releaseReservation(reservation, reservationId, now), request);
  }

  fulfil(reservationId: string, quantity: number | undefined, options: TransitionOptions = {}): Promise<ReservationView> {
    const now = options.now ?? Date.now();
    const request = identified(options.requestId, { action: 'fulfil', reservationId, quantity: quantity ?? null });
    return this.transition(reservationId, 'fulfilled', (reservation) => fulfilReservation(reservation, reservationId, quantity, now), request);
  }

  events(sku: string, locationId: string, limit: number, beforeSeq: number | undefined) {
    return this.sql.events(this.dataSource.manager, sku, locationId, limit, beforeSeq);
  }

  /** A statement of reservations committed events to the outbox: the relay sends them now. */
  outboxWritten(): void {
    this.intake.outboxWritten();
  }

  async setSafetyBuffer(buffer: { sku: string; locationId: string; channel: string; quantity: number }): Promise<void> {
    await this.sql.setBuffer(this.dataSource.manager, buffer);
  }

  /**
   * Decided by the domain on the reservation as read, written only if it is still that one. A
   * request that names itself (over Kafka, where a request is delivered again after a crash) is
   * recorded with its answer in the same statement, and answered from that record when it comes
   * again: a partial fulfil delivered twice takes its units once.
   */
  private async transition(
    reservationId: string,
    kind: ReservationChange['kind'],
    decide: (reservation: Reservation | undefined) => Transition,
    request?: IdentifiedRequest,
  ): Promise<ReservationView> {
    const manager = this.dataSource.manager;
    for (let attempt = 1; ; attempt += 1) {
      if (request) {
        const stored = await this.sql.storedRequest(manager, request.requestId);
        if (stored) {
          if (stored.fingerprint !== request.fingerprint || !('reservation' in stored.answer)) {
            throw new ReservationError('RESERVATION.IDEMPOTENCY_CONFLICT', 'this request id was used for another request', 'Idempotency-Key');
          }
          return stored.answer.reservation as ReservationView;
        }
      }
      const before = await this.sql.find(manager, reservationId);
      const { reservation: after, reservedDelta } = decide(before);
      const answer = view(after);
      const recorded = request && { idempotencyKey: request.requestId, fingerprint: request.fingerprint, answer: { reservation: answer } };
      try {
        if (await this.sql.applyTransition(manager, { before: before!, after, reservedDelta, kind, ...(recorded ? { request: recorded } : {}) })) {
          this.outboxWritten();
          return answer;
        }
      } catch (error) {
        // 23505: the same request id was recorded meanwhile; its record answers on the next round.
        if (sqlStateOf(error) !== '23505' || request === undefined || attempt >= MAX_ATTEMPTS) throw error;
      }
      if (attempt >= MAX_ATTEMPTS) throw new Error(`reservation ${reservationId} kept changing while ${kind}; nothing was changed`);
    }
  }

  private async answer(idempotencyKey: string, request: ReserveRequest, granted: ReadonlyArray<{ lineNumber: number; reservationId: string }>): Promise<ReserveAnswer> {
    const manager = this.dataSource.manager;
    const reservations = await this.sql.findMany(manager, granted.map((line) => line.reservationId));
    const idByLine = new Map(granted.map((line) => [line.lineNumber, line.reservationId]));
    const refused = request.lines.filter((_, index) => !idByLine.has(index));
    const available = refused.length > 0 ? await this.sql.available(manager, request.channel, refused) : new Map<string, number>();
    return {
      idempotencyKey,
      channel: request.channel,
      lines: request.lines.map((line, index): ReserveLineAnswer => {
        const reservation = reservations.get(idByLine.get(index) ?? '');
        const common = { line: index, sku: line.sku, locationId: line.locationId, quantity: line.quantity };
        if (reservation) return { ...common, status: 'granted', reservation: view(reservation) };
        return { ...common, status: 'refused', available: available.get(`${line.sku}@${line.locationId}`) ?? 0 };
      }),
    };
  }
}

/** A granted request's answer from what the batch decided and wrote: no reservation is read back. */
function grantedAnswer(
  idempotencyKey: string,
  request: ReserveRequest,
  decisions: readonly BatchLineDecision[],
  reservationIds: ReadonlyMap<number, string>,
  expiresAt: Date,
): ReserveAnswer {
  return {
    idempotencyKey,
    channel: request.channel,
    lines: request.lines.map((line, index): ReserveLineAnswer => {
      const common = { line: index, sku: line.sku, locationId: line.locationId, quantity: line.quantity };
      const decision = decisions[index]!;
      if (!decision.granted) return { ...common, status: 'refused', available: decision.available };
      const reservation = grantedReservation({ reservationId: reservationIds.get(index)!, sku: line.sku, locationId: line.locationId, channel: request.channel, quantity: line.quantity, expiresAt: expiresAt.getTime() });
      return { ...common, status: 'granted', reservation: view(reservation) };
    }),
  };
}

/** The request as decided: the same key with the same request answers the same grants. */
export interface TransitionOptions {
  readonly now?: number;
  /** The id a request from Kafka names itself by: the change is made once however often it comes. */
  readonly requestId?: string;
}

interface IdentifiedRequest {
  readonly requestId: string;
  readonly fingerprint: string;
}

function identified(requestId: string | undefined, content: Record<string, unknown>): IdentifiedRequest | undefined {
  return requestId === undefined ? undefined : { requestId, fingerprint: contentFingerprint(content) };
}

function fingerprintOf(request: ReserveRequest): string {
  const canonical = { channel: request.channel, partial: request.partial, expiresAt: request.expiresAt ?? null, lines: request.lines.map(({ sku, locationId, quantity }) => [sku, locationId, quantity]) };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export function view(reservation: Reservation): ReservationView {
  return {
    reservationId: reservation.reservationId,
    sku: reservation.sku,
    locationId: reservation.locationId,
    channel: reservation.channel,
    quantity: reservation.quantity,
    fulfilledQuantity: reservation.fulfilledQuantity,
    openQuantity: openQuantity(reservation),
    status: reservation.status,
    expiresAt: new Date(reservation.expiresAt).toISOString(),
  };
}

/** The reservation table's unique (idempotency_key, line_number): a key its reservations hold. */
const KEY_TAKEN_BY_RESERVATIONS = 'reservation_idempotency_key_line_number_key';

/**
 * A grant that failed because the key's reservations already hold it while its request record is
 * gone (older than RESERVATION_REQUEST_KEEP_MS): the conflict to answer. Undefined otherwise.
 */
export function forgottenKeyConflict(error: unknown): ReservationError | undefined {
  const candidate = error as { constraint?: unknown; driverError?: { constraint?: unknown } } | null | undefined;
  const constraint = candidate?.constraint ?? candidate?.driverError?.constraint;
  if (sqlStateOf(error) !== '23505' || constraint !== KEY_TAKEN_BY_RESERVATIONS) return undefined;
  return new ReservationError('RESERVATION.IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used by a request older than the ledger remembers requests for', 'Idempotency-Key');
}
