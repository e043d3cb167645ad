// Reservations as the ledger grants them: the domain checks and decides, ReservationSql writes
// each decision as one statement. Stateless, so any number of instances serve the same keys.
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ReservationError,
  checkReserveRequest,
  extendReservation,
  fulfilReservation,
  openQuantity,
  releaseReservation,
  type Reservation,
  type ReserveRequest,
  type Transition,
} from '@ledgerline/inventory-domain';
import { contentFingerprint } from '@ledgerline/contracts';
import { sqlStateOf } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { MovementIntakeService } from '../ledger/movement-intake.service';
import { ReservationSql, type GrantLine, type ReservationChange } from './reservation-sql';

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
export class ReservationService {
  private readonly sql: ReservationSql;
  private readonly defaultHoldMs: number;
  private readonly grantListeners: Array<(expiresAt: Date) => void> = [];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    private readonly intake: MovementIntakeService,
  ) {
    this.sql = new ReservationSql(config.DATABASE_SCHEMA);
    this.defaultHoldMs = config.RESERVATION_DEFAULT_HOLD_MS;
  }

  /** Hears the expiry of every reservation this instance grants (the expiry wakes for it). */
  onGranted(listener: (expiresAt: Date) => void): void {
    this.grantListeners.push(listener);
  }

  async reserve(idempotencyKey: string, request: ReserveRequest, now = Date.now()): Promise<ReserveAnswer> {
    const fingerprint = fingerprintOf(request);
    const manager = this.dataSource.manager;
    const lines: GrantLine[] = request.lines.map((line, lineNumber) => ({ ...line, lineNumber, reservationId: `res_${randomUUID()}` }));
    for (let attempt = 1; ; attempt += 1) {
      const { stored, unknownLines } = await this.sql.requestFacts(manager, idempotencyKey, lines);
      if (stored) {
        // Another body, or the id of a request that was no reserve.
        if (stored.fingerprint !== fingerprint || !Array.isArray(stored.answer)) {
          throw new ReservationError('RESERVATION.IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used for another request', 'Idempotency-Key');
        }
        return this.answer(idempotencyKey, request, stored.answer);
      }
      checkReserveRequest(request, now);
      if (unknownLines.length > 0) {
        const index = unknownLines[0]!;
        const line = request.lines[index]!;
        throw new ReservationError('RESERVATION.UNKNOWN_STOCK_KEY', `no stock is recorded for ${line.sku} at ${line.locationId}`, `lines[${index}].sku`);
      }
      const expiresAt = new Date(request.expiresAt ?? now + this.defaultHoldMs);
      // One line is all or nothing by itself: only a request of several needs the statement's check.
      try {
        const granted = await this.sql.grant(manager, { idempotencyKey, fingerprint, channel: request.channel, expiresAt, allOrNothing: !request.partial && lines.length > 1, lines });
        if (granted === null || granted.length === 0) throw await this.insufficient(request);
        this.outboxWritten();
        for (const listener of this.grantListeners) listener(expiresAt);
        return this.answer(idempotencyKey, request, granted);
      } catch (error) {
        // 23505: a request with the same key committed first: answer from its record.
        // 40P01: two many-line requests met in opposite orders: nothing of this one was kept.
        const state = sqlStateOf(error);
        // The key's reservations outlive its request record (RESERVATION_REQUEST_KEEP_MS): a key
        // reused after its record was forgotten is a conflict, not a new request.
        const forgotten = forgottenKeyConflict(error);
        if (forgotten) throw forgotten;
        if ((state !== '23505' && state !== '40P01') || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
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

  private async insufficient(request: ReserveRequest): Promise<ReservationError> {
    const available = await this.sql.available(this.dataSource.manager, request.channel, request.lines);
    const figures = request.lines.map((line) => available.get(`${line.sku}@${line.locationId}`) ?? 0);
    const index = Math.max(0, request.lines.findIndex((line, i) => line.quantity > figures[i]!));
    const line = request.lines[index]!;
    return new ReservationError(
      'RESERVATION.INSUFFICIENT_AVAILABLE',
      `${line.quantity} of ${line.sku} at ${line.locationId} asked for channel ${request.channel}, ${figures[index]} available`,
      `lines[${index}].quantity`,
      figures[index],
    );
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
