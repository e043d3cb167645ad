// The statements of a batch of reserve requests, run in one transaction: the first locks the
// batch's balance rows (in key order, so batches of any instance that share keys queue behind each
// other instead of deadlocking) and reads what the domain decides on; the second writes every
// grant the domain decided, with its reservation, event, request record and outbox rows, and sets
// each key's reserved once. A key's rows take outbox numbers in the order its changes commit (the
// rows were locked before), so the relay publishes them in that order.
import type { EntityManager } from 'typeorm';
import type { BatchFacts, KeyChange } from '@ledgerline/inventory-domain';
import { availabilityAlertsToOutbox, lastStockLevelPerKey, reservationEventsToOutbox, reservationStockLevelsToOutbox } from '../persistence/availability-outbox-sql';
import type { StoredRequest } from './reservation-sql';

type Query = Pick<EntityManager, 'query'>;

/** What a batch asks of the store: its idempotency keys, and each line's key with the request's channel. */
export interface BatchKeys {
  idempotencyKeys: readonly string[];
  lines: ReadonlyArray<{ sku: string; locationId: string; channel: string }>;
}

export interface LockedBatchFacts extends BatchFacts {
  /** The record under an idempotency key as stored (a replay is answered from it). */
  record(idempotencyKey: string): StoredRequest | undefined;
}

export interface BatchGrant {
  idempotencyKey: string;
  lineNumber: number;
  reservationId: string;
  sku: string;
  locationId: string;
  channel: string;
  quantity: number;
  expiresAt: Date;
  /** The key's reserved after this grant, the grants before it in the batch included. */
  reservedAfter: number;
}

export interface BatchRecord {
  idempotencyKey: string;
  fingerprint: string;
  answer: Array<{ lineNumber: number; reservationId: string }>;
}

export class ReservationBatchSql {
  constructor(private readonly schema: string) {}

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }

  /** Locks the balances of the batch's keys and reads, in the same statement, what the batch is decided on. */
  async lockAndRead(manager: Query, keys: BatchKeys): Promise<LockedBatchFacts> {
    const pairs = new Map(keys.lines.map((line) => [`${line.sku}@${line.locationId}#${line.channel}`, line]));
    const [row] = (await manager.query(
      // Each balance by a probe of its key, the keys sorted first so that balances are locked in
      // key order: matched against the lists as a whole, the planner could hash every balance.
      `WITH locked AS (
         SELECT b.sku, b.location_id, b.on_hand, b.reserved
           FROM (SELECT DISTINCT sku, location_id FROM unnest($2::text[], $3::text[]) AS k(sku, location_id) ORDER BY sku, location_id) AS k
          CROSS JOIN LATERAL (
            SELECT b.sku, b.location_id, b.on_hand, b.reserved FROM ${this.t('stock_balance')} b
             WHERE b.sku = k.sku AND b.location_id = k.location_id
               FOR UPDATE) AS b)
       SELECT (SELECT COALESCE(jsonb_agg(jsonb_build_array(sku, location_id, on_hand, reserved)), '[]'::jsonb) FROM locked) AS balances,
              (SELECT COALESCE(jsonb_agg(jsonb_build_array(s.idempotency_key, s.fingerprint, s.answer)), '[]'::jsonb)
                 FROM ${this.t('reservation_request')} s WHERE s.idempotency_key = ANY($1::text[])) AS stored,
              ARRAY(SELECT DISTINCT r.idempotency_key FROM ${this.t('reservation')} r
                     WHERE r.idempotency_key = ANY($1::text[])
                       AND NOT EXISTS (SELECT 1 FROM ${this.t('reservation_request')} s WHERE s.idempotency_key = r.idempotency_key)) AS held_without_record,
              (SELECT COALESCE(jsonb_agg(jsonb_build_array(k.sku, k.location_id, k.channel,
                        (SELECT s.quantity FROM ${this.t('safety_buffer')} s
                          WHERE s.location_id = k.location_id AND s.channel = k.channel AND s.sku IN (k.sku, '*')
                          ORDER BY s.sku = '*' LIMIT 1))), '[]'::jsonb)
                 FROM unnest($2::text[], $3::text[], $4::text[]) AS k(sku, location_id, channel)) AS buffers`,
      [
        keys.idempotencyKeys,
        [...pairs.values()].map((line) => line.sku),
        [...pairs.values()].map((line) => line.locationId),
        [...pairs.values()].map((line) => line.channel),
      ],
    )) as Array<{
      balances: Array<[string, string, number, number]>;
      stored: Array<[string, string, StoredRequest['answer']]>;
      held_without_record: string[];
      buffers: Array<[string, string, string, number | null]>;
    }>;
    const balances = new Map(row!.balances.map(([sku, locationId, onHand, reserved]) => [`${sku}@${locationId}`, { onHand: Number(onHand), reserved: Number(reserved) }]));
    const stored = new Map(row!.stored.map(([key, fingerprint, answer]) => [key, { fingerprint, answer }]));
    const held = new Set(row!.held_without_record);
    const buffers = new Map(row!.buffers.map(([sku, locationId, channel, quantity]) => [`${sku}@${locationId}#${channel}`, Number(quantity ?? 0)]));
    return {
      record: (key) => stored.get(key),
      stored: (key) => {
        const record = stored.get(key);
        return record && { fingerprint: record.fingerprint, reserve: Array.isArray(record.answer) };
      },
      heldWithoutRecord: (key) => held.has(key),
      balance: (sku, locationId) => balances.get(`${sku}@${locationId}`),
      buffer: (sku, locationId, channel) => buffers.get(`${sku}@${locationId}#${channel}`) ?? 0,
    };
  }

  /**
   * Writes the batch's grants in arrival order: each key's reserved set once to what the batch
   * leaves (only where it is still what was locked), one reservation and one event per grant with
   * reserved after it, each request's record, and what subscribers are owed: every event, one
   * stock level per key changed (numbered by its last event of the batch) and an alert for the
   * grant that took a key's availability to zero. Throws, leaving the transaction to roll back,
   * when a balance was not as locked.
   */
  async write(manager: Query, batch: { grants: readonly BatchGrant[]; keys: readonly KeyChange[]; records: readonly BatchRecord[] }): Promise<void> {
    const grants = batch.grants.map((grant, arrival) => ({
      arrival,
      idempotency_key: grant.idempotencyKey,
      line_number: grant.lineNumber,
      reservation_id: grant.reservationId,
      sku: grant.sku,
      location_id: grant.locationId,
      channel: grant.channel,
      quantity: grant.quantity,
      expires_at: grant.expiresAt.toISOString(),
      reserved_after: grant.reservedAfter,
    }));
    const keys = batch.keys.map((key) => ({ sku: key.sku, location_id: key.locationId, reserved_before: key.reservedBefore, reserved_after: key.reservedAfter }));
    const records = batch.records.map((record) => ({ idempotency_key: record.idempotencyKey, fingerprint: record.fingerprint, answer: record.answer }));
    const [row] = (await manager.query(
      `WITH grants AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS g(arrival int, idempotency_key text, line_number int, reservation_id text, sku text,
                                                          location_id text, channel text, quantity bigint, expires_at timestamptz, reserved_after bigint)),
       per_key AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb) AS k(sku text, location_id text, reserved_before bigint, reserved_after bigint)),
       balance AS (
         UPDATE ${this.t('stock_balance')} b SET reserved = k.reserved_after
           FROM per_key k
          WHERE b.sku = k.sku AND b.location_id = k.location_id AND b.reserved = k.reserved_before
         RETURNING b.sku, b.location_id, b.on_hand, b.reserved, b.last_movement_id, b.in_transit, b.on_order, b.inventory_value, b.average_unit_cost, b.version),
       held AS (
         INSERT INTO ${this.t('reservation')} (reservation_id, idempotency_key, line_number, sku, location_id, channel, quantity, status, expires_at)
         SELECT reservation_id, idempotency_key, line_number, sku, location_id, channel, quantity, 'open', expires_at FROM grants),
       events AS (
         INSERT INTO ${this.t('reservation_event')} (reservation_id, kind, sku, location_id, quantity, reserved_after, on_hand_after)
         SELECT g.reservation_id, 'granted', g.sku, g.location_id, g.quantity, g.reserved_after, b.on_hand
           FROM grants g JOIN balance b USING (sku, location_id) ORDER BY g.arrival
         RETURNING *),
       published AS (${reservationEventsToOutbox(this.t('outbox'), 'events')}),
       levelled AS (${reservationStockLevelsToOutbox(this.t('outbox'), lastStockLevelPerKey('balance', 'events'))}),
       alerted AS (${availabilityAlertsToOutbox(
         this.t('outbox'),
         `(SELECT e.sku, e.location_id, e.on_hand_after AS on_hand, e.reserved_after AS reserved,
                  e.on_hand_after - e.reserved_after + e.quantity AS available_before,
                  'reservation-event:' || e.event_seq AS cause, b.last_movement_id AS movement_id, e.reservation_id
             FROM events e JOIN balance b USING (sku, location_id))`,
       )}),
       recorded AS (
         INSERT INTO ${this.t('reservation_request')} (idempotency_key, fingerprint, answer)
         SELECT r.idempotency_key, r.fingerprint, r.answer FROM jsonb_to_recordset($3::jsonb) AS r(idempotency_key text, fingerprint text, answer jsonb))
       SELECT (SELECT count(*)::int FROM balance) AS keys_written`,
      [JSON.stringify(grants), JSON.stringify(keys), JSON.stringify(records)],
    )) as Array<{ keys_written: number }>;
    if (row!.keys_written !== keys.length) {
      throw new Error(`a reservation batch found ${keys.length - row!.keys_written} of its ${keys.length} balance(s) changed under its lock; nothing of it is kept`);
    }
  }
}
