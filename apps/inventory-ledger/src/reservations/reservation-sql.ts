// The reservation statements besides the batches of reserve requests (reservation-batch-sql.ts).
// Each decision or transition here is one statement that commits itself, so a balance row is
// locked for one write only: a grant across locations is a conditional UPDATE of the balance's
// `reserved` (where on hand - reserved - buffer still covers it: PostgreSQL re-checks that
// condition on the row as the previous writer left it, so concurrent grants on any instance queue
// on the row and none is lost), with the reservation rows, the idempotency record and the
// reservation events written by the same statement. The same statement writes what subscribers
// are owed to the outbox: each reservation event, the key's stock level when its reserved changed,
// and an availability alert when the key's on hand - reserved crossed zero
// (persistence/availability-outbox-sql.ts).
import type { EntityManager } from 'typeorm';
import type { Reservation, ReservationStatus } from '@ledgerline/inventory-domain';
import { sqlStateOf } from '@ledgerline/runtime';
import { availabilityAlertsToOutbox, lastStockLevelPerKey, reservationEventsToOutbox, reservationStockLevelsToOutbox } from '../persistence/availability-outbox-sql';

type Query = Pick<EntityManager, 'query'>;

/** The columns of an updated balance row that its stock level states besides on hand and reserved. */
const BALANCE_FIGURES = 'b.in_transit, b.on_order, b.inventory_value, b.average_unit_cost, b.version';

/** SQLSTATE raised when an all-or-nothing request has a line not covered (migration 1768300000000). */
export const NOT_ALL_RESERVED_SQLSTATE = 'LL002';

export interface GrantLine {
  lineNumber: number;
  reservationId: string;
  sku: string;
  locationId: string;
  quantity: number;
}

export interface GrantedLine {
  lineNumber: number;
  reservationId: string;
  reservedAfter: number;
}

export interface StoredRequest {
  fingerprint: string;
  /** A reserve: the lines it was granted; an extend, release or fulfil asked over Kafka: the reservation after it. */
  answer: Array<{ lineNumber: number; reservationId: string }> | { reservation: unknown };
}

export interface ReservationRow {
  reservation_id: string;
  sku: string;
  location_id: string;
  channel: string;
  quantity: string;
  fulfilled_quantity: string;
  status: ReservationStatus;
  expires_at: Date;
}

export interface ReservationChange {
  before: Reservation;
  after: Reservation;
  /** Change of the key's reserved quantity. */
  reservedDelta: number;
  kind: 'extended' | 'released' | 'fulfilled';
  /** Given (a request from Kafka), the change is recorded under the request's id with its answer, in the same statement. */
  request?: { idempotencyKey: string; fingerprint: string; answer: unknown };
}

export interface ReservationEventView {
  eventSeq: number;
  reservationId: string;
  kind: string;
  quantity: number;
  reservedAfter: number;
  onHandAfter: number;
  /** The sale or shipment that took from the reservation (kind consumed). */
  movementId: string | null;
  recordedAt: string;
}

export class ReservationSql {
  constructor(private readonly schema: string) {}

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }

  /** The channel's buffer at the balance `b`: the item's own, else the location's for every item ('*'), else none. */
  bufferOf(channelParameter: string): string {
    return `COALESCE((SELECT s.quantity FROM ${this.t('safety_buffer')} s
                       WHERE s.location_id = b.location_id AND s.channel = ${channelParameter} AND s.sku IN (b.sku, '*')
                       ORDER BY s.sku = '*' LIMIT 1), 0)`;
  }

  /** The record of a request id: its fingerprint and the answer it was given. */
  async storedRequest(manager: Query, idempotencyKey: string): Promise<StoredRequest | null> {
    const [row] = (await manager.query(`SELECT fingerprint, answer FROM ${this.t('reservation_request')} WHERE idempotency_key = $1`, [idempotencyKey])) as StoredRequest[];
    return row ?? null;
  }

  /** The stored answer of an idempotency key, and which of the lines' keys have no balance. */
  async requestFacts(manager: Query, idempotencyKey: string, lines: readonly GrantLine[]): Promise<{ stored: StoredRequest | null; unknownLines: number[] }> {
    const [row] = (await manager.query(
      `SELECT (SELECT jsonb_build_object('fingerprint', fingerprint, 'answer', answer) FROM ${this.t('reservation_request')} WHERE idempotency_key = $1) AS stored,
              ARRAY(SELECT l.n - 1 FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS l(sku, location_id, n)
                     WHERE NOT EXISTS (SELECT 1 FROM ${this.t('stock_balance')} b WHERE b.sku = l.sku AND b.location_id = l.location_id)
                     ORDER BY l.n) AS unknown_lines`,
      [idempotencyKey, lines.map((line) => line.sku), lines.map((line) => line.locationId)],
    )) as Array<{ stored: StoredRequest | null; unknown_lines: number[] }>;
    return { stored: row!.stored, unknownLines: row!.unknown_lines.map(Number) };
  }

  /**
   * Grants what is covered and writes those reservations, their events and the request's record
   * (its fingerprint and the lines granted), all in one statement. With `allOrNothing`, a line
   * not covered fails the statement whole (returns null). A request that granted nothing leaves
   * no record. A concurrent request with the same key fails on the record's key (23505) once the
   * first commits, having kept nothing: the caller then answers from the record.
   */
  async grant(
    manager: Query,
    request: { idempotencyKey: string; fingerprint: string; channel: string; expiresAt: Date; allOrNothing: boolean; lines: readonly GrantLine[] },
  ): Promise<GrantedLine[] | null> {
    const lines = JSON.stringify(request.lines.map((line) => ({ line_number: line.lineNumber, reservation_id: line.reservationId, sku: line.sku, location_id: line.locationId, quantity: line.quantity })));
    const check = request.allOrNothing ? `${this.schema}.require_all_reserved((SELECT count(*) FROM granted)::int, ${request.lines.length})` : '0';
    try {
      const rows = (await manager.query(
        `WITH lines AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS l(line_number int, reservation_id text, sku text, location_id text, quantity bigint)),
         granted AS (
           UPDATE ${this.t('stock_balance')} b SET reserved = b.reserved + l.quantity
             FROM lines l
            WHERE b.sku = l.sku AND b.location_id = l.location_id
              AND b.on_hand - b.reserved - ${this.bufferOf('$2')} >= l.quantity
           RETURNING l.line_number, l.reservation_id, b.sku, b.location_id, l.quantity, b.reserved AS reserved_after, b.on_hand, b.last_movement_id,
                     ${BALANCE_FIGURES}),
         held AS (
           INSERT INTO ${this.t('reservation')} (reservation_id, idempotency_key, line_number, sku, location_id, channel, quantity, status, expires_at)
           SELECT reservation_id, $3, line_number, sku, location_id, $2, quantity, 'open', $4::timestamptz FROM granted),
         events AS (
           INSERT INTO ${this.t('reservation_event')} (reservation_id, kind, sku, location_id, quantity, reserved_after, on_hand_after)
           SELECT reservation_id, 'granted', sku, location_id, quantity, reserved_after, on_hand FROM granted ORDER BY line_number
           RETURNING *),
         published AS (${reservationEventsToOutbox(this.t('outbox'), 'events')}),
         levelled AS (${reservationStockLevelsToOutbox(
           this.t('outbox'),
           `(SELECT g.sku, g.location_id, g.on_hand, g.in_transit, g.on_order, g.inventory_value, g.average_unit_cost, g.version,
                    g.reserved_after AS reserved, g.last_movement_id, e.event_seq AS sequence, e.recorded_at
               FROM granted g JOIN events e USING (reservation_id))`,
         )}),
         alerted AS (${availabilityAlertsToOutbox(
           this.t('outbox'),
           `(SELECT g.sku, g.location_id, g.on_hand, g.reserved_after AS reserved, g.on_hand - g.reserved_after + g.quantity AS available_before,
                    'reservation-event:' || e.event_seq AS cause, g.last_movement_id AS movement_id, g.reservation_id
               FROM granted g JOIN events e USING (reservation_id))`,
         )}),
         recorded AS (
           INSERT INTO ${this.t('reservation_request')} (idempotency_key, fingerprint, answer)
           SELECT $3, $5, jsonb_agg(jsonb_build_object('lineNumber', line_number, 'reservationId', reservation_id) ORDER BY line_number)
             FROM granted HAVING count(*) > 0)
         SELECT ${check} AS checked,
                COALESCE((SELECT jsonb_agg(jsonb_build_object('lineNumber', line_number, 'reservationId', reservation_id, 'reservedAfter', reserved_after)
                                           ORDER BY line_number) FROM granted), '[]'::jsonb) AS granted`,
        [lines, request.channel, request.idempotencyKey, request.expiresAt.toISOString(), request.fingerprint],
      )) as Array<{ granted: GrantedLine[] }>;
      return rows[0]!.granted.map((line) => ({ lineNumber: line.lineNumber, reservationId: line.reservationId, reservedAfter: Number(line.reservedAfter) }));
    } catch (error) {
      if (sqlStateOf(error) === NOT_ALL_RESERVED_SQLSTATE) return null;
      throw error;
    }
  }

  /** What each line's key can promise the channel now. */
  async available(manager: Query, channel: string, keys: ReadonlyArray<{ sku: string; locationId: string }>): Promise<Map<string, number>> {
    const rows = (await manager.query(
      `SELECT b.sku, b.location_id, b.on_hand - b.reserved - ${this.bufferOf('$3')} AS available
         FROM ${this.t('stock_balance')} b JOIN unnest($1::text[], $2::text[]) AS k(sku, location_id) USING (sku, location_id)`,
      [keys.map((key) => key.sku), keys.map((key) => key.locationId), channel],
    )) as Array<{ sku: string; location_id: string; available: string }>;
    return new Map(rows.map((row) => [`${row.sku}@${row.location_id}`, Number(row.available)]));
  }

  async find(manager: Query, reservationId: string): Promise<Reservation | undefined> {
    const rows = (await manager.query(`SELECT * FROM ${this.t('reservation')} WHERE reservation_id = $1`, [reservationId])) as ReservationRow[];
    return rows[0] === undefined ? undefined : toReservation(rows[0]);
  }

  async findMany(manager: Query, reservationIds: readonly string[]): Promise<Map<string, Reservation>> {
    const rows = (await manager.query(`SELECT * FROM ${this.t('reservation')} WHERE reservation_id = ANY($1::text[])`, [reservationIds])) as ReservationRow[];
    return new Map(rows.map((row) => [row.reservation_id, toReservation(row)]));
  }

  /**
   * Applies a transition the domain decided on the reservation as read: only if it is still
   * exactly that (open, same expiry, same units taken), with the balance's reserved and the
   * event, in one statement. False when it changed meanwhile: decide again on what it is now.
   */
  async applyTransition(manager: Query, change: ReservationChange): Promise<boolean> {
    const { before, after } = change;
    const rows = (await manager.query(
      `WITH changed AS (
         UPDATE ${this.t('reservation')} SET status = $2, fulfilled_quantity = $3, expires_at = $4::timestamptz, updated_at = now()
          WHERE reservation_id = $1 AND status = 'open' AND fulfilled_quantity = $5 AND expires_at = $6::timestamptz
         RETURNING reservation_id, sku, location_id),
       balance AS (
         UPDATE ${this.t('stock_balance')} b SET reserved = b.reserved + $7
           FROM changed c WHERE b.sku = c.sku AND b.location_id = c.location_id
         RETURNING b.sku, b.location_id, b.reserved, b.on_hand, b.last_movement_id, ${BALANCE_FIGURES}),
       events AS (
         INSERT INTO ${this.t('reservation_event')} (reservation_id, kind, sku, location_id, quantity, reserved_after, on_hand_after)
         SELECT c.reservation_id, $8, c.sku, c.location_id, $9, b.reserved, b.on_hand FROM changed c, balance b
         RETURNING *),
       published AS (${reservationEventsToOutbox(this.t('outbox'), 'events')}),
       -- An extension leaves reserved as it was: the key's stock level has not changed.
       levelled AS (${reservationStockLevelsToOutbox(
         this.t('outbox'),
         `(SELECT b.sku, b.location_id, b.on_hand, b.in_transit, b.on_order, b.inventory_value, b.average_unit_cost, b.version,
                  b.reserved, b.last_movement_id, e.event_seq AS sequence, e.recorded_at
             FROM events e, balance b WHERE $7::bigint <> 0)`,
       )}),
       alerted AS (${availabilityAlertsToOutbox(
         this.t('outbox'),
         `(SELECT e.sku, e.location_id, b.on_hand, b.reserved, b.on_hand - b.reserved + $7 AS available_before,
                  'reservation-event:' || e.event_seq AS cause, b.last_movement_id AS movement_id, e.reservation_id
             FROM events e, balance b)`,
       )}),
       recorded AS (
         INSERT INTO ${this.t('reservation_request')} (idempotency_key, fingerprint, answer)
         SELECT $10, $11, $12::jsonb FROM changed WHERE $10::text IS NOT NULL)
       SELECT count(*)::int AS changed FROM changed`,
      [
        before.reservationId,
        after.status,
        after.fulfilledQuantity,
        new Date(after.expiresAt).toISOString(),
        before.fulfilledQuantity,
        new Date(before.expiresAt).toISOString(),
        change.reservedDelta,
        change.kind,
        change.kind === 'extended' ? 0 : -change.reservedDelta,
        change.request?.idempotencyKey ?? null,
        change.request?.fingerprint ?? null,
        change.request === undefined ? null : JSON.stringify(change.request.answer),
      ],
    )) as Array<{ changed: number }>;
    return rows[0]!.changed === 1;
  }

  /**
   * Expires up to `limit` open reservations past their expiry, soonest first, each once: rows
   * another instance is expiring are skipped, and only an open row becomes expired. The key's
   * reserved falls by what each still held, in the same statement. Returns how many expired and
   * when the next open one is due (null when none is open).
   */
  async expireDue(manager: Query, limit: number): Promise<{ expired: number; nextDueAt: Date | null }> {
    const rows = (await manager.query(
      `WITH due AS (
         SELECT reservation_id FROM ${this.t('reservation')}
          WHERE status = 'open' AND expires_at <= now()
          ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED),
       expired AS (
         UPDATE ${this.t('reservation')} r SET status = 'expired', updated_at = now()
           FROM due WHERE r.reservation_id = due.reservation_id
         RETURNING r.reservation_id, r.sku, r.location_id, r.quantity - r.fulfilled_quantity AS held),
       per_key AS (SELECT sku, location_id, sum(held) AS held FROM expired GROUP BY sku, location_id),
       balance AS (
         UPDATE ${this.t('stock_balance')} b SET reserved = b.reserved - p.held
           FROM per_key p WHERE b.sku = p.sku AND b.location_id = p.location_id
         RETURNING b.sku, b.location_id, b.reserved, b.on_hand, b.last_movement_id, ${BALANCE_FIGURES}),
       -- A key's events in order, each with reserved after it: what the pass left plus what the
       -- key's later expiries in it gave back.
       events AS (
         INSERT INTO ${this.t('reservation_event')} (reservation_id, kind, sku, location_id, quantity, reserved_after, on_hand_after)
         SELECT e.reservation_id, 'expired', e.sku, e.location_id, e.held,
                b.reserved + COALESCE(sum(e.held) OVER (PARTITION BY e.sku, e.location_id ORDER BY e.reservation_id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0),
                b.on_hand
           FROM expired e JOIN balance b USING (sku, location_id) ORDER BY e.reservation_id
         RETURNING *),
       published AS (${reservationEventsToOutbox(this.t('outbox'), 'events')}),
       -- One stock level per key, as the pass left it, numbered by the key's last event of the pass.
       levelled AS (${reservationStockLevelsToOutbox(this.t('outbox'), lastStockLevelPerKey('balance', 'events'))}),
       -- One alert per key, named after the key's last event of the pass.
       alerted AS (${availabilityAlertsToOutbox(
         this.t('outbox'),
         `(SELECT DISTINCT ON (b.sku, b.location_id) b.sku, b.location_id, b.on_hand, b.reserved, b.on_hand - b.reserved - p.held AS available_before,
                  'reservation-event:' || e.event_seq AS cause, b.last_movement_id AS movement_id, e.reservation_id
             FROM balance b JOIN per_key p USING (sku, location_id) JOIN events e USING (sku, location_id)
            ORDER BY b.sku, b.location_id, e.event_seq DESC)`,
       )})
       SELECT (SELECT count(*)::int FROM expired) AS expired,
              (SELECT min(expires_at) FROM ${this.t('reservation')} WHERE status = 'open' AND reservation_id NOT IN (SELECT reservation_id FROM due)) AS next_due_at`,
      [limit],
    )) as Array<{ expired: number; next_due_at: Date | null }>;
    return { expired: rows[0]!.expired, nextDueAt: rows[0]!.next_due_at };
  }

  /** One page of a key's reservation events, newest first, walked down its (sku, location, seq) index. */
  async events(manager: Query, sku: string, locationId: string, limit: number, beforeSeq: number | undefined): Promise<ReservationEventView[]> {
    const rows = (await manager.query(
      `SELECT event_seq::text AS seq, reservation_id, kind, quantity::text AS quantity, reserved_after::text AS reserved_after,
              on_hand_after::text AS on_hand_after, movement_id, recorded_at
         FROM ${this.t('reservation_event')}
        WHERE sku = $1 AND location_id = $2 AND ($3::bigint IS NULL OR event_seq < $3)
        ORDER BY event_seq DESC LIMIT $4`,
      [sku, locationId, beforeSeq ?? null, limit],
    )) as Array<{ seq: string; reservation_id: string; kind: string; quantity: string; reserved_after: string; on_hand_after: string; movement_id: string | null; recorded_at: Date }>;
    return rows.map((row) => ({
      eventSeq: Number(row.seq),
      reservationId: row.reservation_id,
      kind: row.kind,
      quantity: Number(row.quantity),
      reservedAfter: Number(row.reserved_after),
      onHandAfter: Number(row.on_hand_after),
      movementId: row.movement_id,
      recordedAt: new Date(row.recorded_at).toISOString(),
    }));
  }

  async setBuffer(manager: Query, buffer: { sku: string; locationId: string; channel: string; quantity: number }): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.t('safety_buffer')} (location_id, channel, sku, quantity) VALUES ($1, $2, $3, $4)
       ON CONFLICT (location_id, channel, sku) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()`,
      [buffer.locationId, buffer.channel, buffer.sku, buffer.quantity],
    );
  }
}

export function toReservation(row: ReservationRow): Reservation {
  return {
    reservationId: row.reservation_id,
    sku: row.sku,
    locationId: row.location_id,
    channel: row.channel,
    quantity: Number(row.quantity),
    fulfilledQuantity: Number(row.fulfilled_quantity),
    status: row.status,
    expiresAt: new Date(row.expires_at).getTime(),
  };
}
