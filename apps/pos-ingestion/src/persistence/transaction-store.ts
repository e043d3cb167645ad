// The idempotency record and the publication state of POS transactions, in set-based SQL: a
// request of a thousand transactions costs a handful of statements, never a row at a time.
//
// record() inserts the batch with INSERT ... ON CONFLICT DO NOTHING (the primary key decides
// duplicates across instances and restarts), reads back what already existed, and pairs voids
// with their originals. Voids and originals that arrive at the same moment through different
// requests are serialised by advisory locks on the original's key, so one of the two always sees
// the other. Publishing what became publishable is PublicationClaims' part; given a claim,
// record() writes it on the new accepted rows as it inserts them (a claim taken with the insert).
import type { DataSource, EntityManager } from 'typeorm';
import { sha256Hex, type PosTransactionV1, type PosVoidV1 } from '@ledgerline/contracts';
import {
  checkVoidTarget,
  transactionFingerprint,
  transactionKeyOf,
  transactionMovementIds,
  voidToMovements,
  type IntakeViolation,
  type StoredTransactionStatus,
  type TransactionKey,
} from '@ledgerline/pos-domain';
import { readCommittedTransaction } from '@ledgerline/runtime';
import type { IntakeChannel } from '../intake/intake-outcome';
import type { RecordingClaim } from './publication-claims';
import { withConflictRetry } from './retryable';

/** Buckets of the void/original pairing lock: bounds the locks one large batch takes. */
const PAIRING_LOCK_BUCKETS = 256;

export type RecordResult =
  | { kind: 'inserted'; status: 'accepted' | 'pending-original'; movementIds: string[] }
  | { kind: 'existing'; sameContent: boolean; status: StoredTransactionStatus; movementIds: string[]; rejection: IntakeViolation | null }
  | { kind: 'rejected'; violation: IntakeViolation }
  | { kind: 'already-voided' };

/** A parked void whose original has now arrived: it is published, or refused if it may not void it. */
export interface ResolvedVoid extends TransactionKey {
  voidsTransactionId: string;
  channel: IntakeChannel;
  movementIds: string[];
  violation: IntakeViolation | null;
}

export interface RecordOutcome {
  /** By transactionKeyOf. */
  results: Map<string, RecordResult>;
  /** Every void resolved by this call, the caller's own and parked ones of earlier requests. */
  resolvedVoids: ResolvedVoid[];
}

interface ExistingRow {
  store_id: string;
  transaction_id: string;
  fingerprint: string;
  status: StoredTransactionStatus;
  movement_ids: string[] | null;
  rejection_code: string | null;
  rejection_path: string | null;
  rejection_reason: string | null;
}

interface PendingVoidRow {
  store_id: string;
  transaction_id: string;
  channel: IntakeChannel;
  void_body: PosVoidV1;
  original_body: PosTransactionV1;
}

export class TransactionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  /**
   * `transactions` must be unique by (storeId, transactionId). Given `claim`, the transactions
   * inserted as accepted are claimed for publishing by its token (see PublicationClaims).
   */
  async record(transactions: readonly PosTransactionV1[], channel: IntakeChannel, claim?: RecordingClaim): Promise<RecordOutcome> {
    if (transactions.length === 0) return { results: new Map(), resolvedVoids: [] };
    return withConflictRetry(() =>
      readCommittedTransaction(this.dataSource, async (manager) => {
        await this.lockPairings(manager, transactions);
        // Derived once per transaction: stored with it, and answered to the sender.
        const movementIds = transactions.map(movementIdsOf);
        const insertedKeys = await this.insert(manager, transactions, movementIds, channel, claim);
        const results = new Map<string, RecordResult>();
        const notInserted = transactions.filter((transaction) => !insertedKeys.has(transactionKeyOf(transaction)));
        const existing = await this.existingRows(manager, notInserted);
        transactions.forEach((transaction, index) => {
          const key = transactionKeyOf(transaction);
          if (insertedKeys.has(key)) {
            results.set(key, transaction.type === 'void'
              ? { kind: 'inserted', status: 'pending-original', movementIds: [] }
              : { kind: 'inserted', status: 'accepted', movementIds: movementIds[index] ?? [] });
            return;
          }
          const row = existing.get(key);
          // Not inserted and no row under its key: it collided with another live void of the same original.
          results.set(key, row ? existingResult(row, transaction) : { kind: 'already-voided' });
        });
        const newVoids = transactions.filter((transaction) => transaction.type === 'void' && insertedKeys.has(transactionKeyOf(transaction)));
        const newOriginals = transactions.filter((transaction) => transaction.type !== 'void' && insertedKeys.has(transactionKeyOf(transaction)));
        const resolvedVoids = await this.resolvePendingVoids(manager, newVoids, newOriginals);
        for (const resolved of resolvedVoids) {
          const key = transactionKeyOf(resolved);
          if (!results.has(key)) continue;
          results.set(key, resolved.violation
            ? { kind: 'rejected', violation: resolved.violation }
            : { kind: 'inserted', status: 'accepted', movementIds: resolved.movementIds });
        }
        return { results, resolvedVoids };
      }),
    );
  }

  /**
   * Accepted transactions left unpublished for longer than `olderThanMs` (a crash between
   * recording and publishing, a send given up on) that no publisher holds a live claim on.
   */
  async stalePublicationKeys(olderThanMs: number, limit: number): Promise<TransactionKey[]> {
    const rows: Array<{ store_id: string; transaction_id: string; voids_transaction_id: string | null }> = await this.dataSource.query(
      `SELECT store_id, transaction_id, voids_transaction_id FROM ${this.t('pos_transaction')}
        WHERE status = 'accepted' AND published_at IS NULL AND received_at < now() - make_interval(secs => $1::double precision / 1000)
          AND (publish_claimed_until IS NULL OR publish_claimed_until <= now())
        ORDER BY received_at LIMIT $2`,
      [olderThanMs, limit],
    );
    return rows.flatMap((row) => [
      { storeId: row.store_id, transactionId: row.transaction_id },
      ...(row.voids_transaction_id ? [{ storeId: row.store_id, transactionId: row.voids_transaction_id }] : []),
    ]);
  }

  async unpublishedCount(): Promise<number> {
    const rows: Array<{ count: string }> = await this.dataSource.query(
      `SELECT count(*)::text AS count FROM ${this.t('pos_transaction')} WHERE status = 'accepted' AND published_at IS NULL`,
    );
    return Number(rows[0]?.count ?? 0);
  }

  /**
   * Serialises a void with its original: whichever commits second sees the first (a void finds
   * its original, or an original finds the void parked for it). Only a void needs the pairing
   * bucket to itself, so voids lock it exclusively and everything else shares it: submissions of
   * sales never wait for one another (they did with exclusive locks, 38 ms a request on average
   * at 8 concurrent tills, as most 20-ticket requests share one of 256 buckets). Buckets are
   * locked in ascending order, so no two submissions deadlock.
   */
  private async lockPairings(manager: EntityManager, transactions: readonly PosTransactionV1[]): Promise<void> {
    const exclusive = new Map<number, boolean>();
    for (const transaction of transactions) {
      const bucket = pairingBucket(pairedOriginalKey(transaction));
      exclusive.set(bucket, exclusive.get(bucket) === true || transaction.type === 'void');
    }
    const buckets = [...exclusive.keys()].sort((a, b) => a - b);
    await manager.query(
      `SELECT CASE WHEN exclusive THEN pg_advisory_xact_lock(hashtext($1), bucket) ELSE pg_advisory_xact_lock_shared(hashtext($1), bucket) END
         FROM (SELECT * FROM unnest($2::int[], $3::boolean[]) AS b(bucket, exclusive) ORDER BY bucket) AS sorted`,
      [`${this.schema}.void-pairing`, buckets, buckets.map((bucket) => exclusive.get(bucket) === true)],
    );
  }

  /**
   * The batch travels as one JSON document read with jsonb_to_recordset: a jsonb[] parameter
   * would have every quote of every body backslash-escaped into an array literal, which doubled
   * the bytes sent and cost more client CPU than the rest of the insert.
   */
  private async insert(
    manager: EntityManager,
    transactions: readonly PosTransactionV1[],
    movementIds: readonly string[][],
    channel: IntakeChannel,
    claim: RecordingClaim | undefined,
  ): Promise<Set<string>> {
    const rows = transactions.map((transaction, index) => ({
      store_id: transaction.storeId,
      transaction_id: transaction.transactionId,
      type: transaction.type,
      voids_transaction_id: transaction.type === 'void' ? transaction.voidsTransactionId : null,
      fingerprint: transactionFingerprint(transaction),
      body: transaction,
      occurred_at: new Date(transaction.occurredAt).toISOString(),
      status: transaction.type === 'void' ? 'pending-original' : 'accepted',
      movement_ids: transaction.type === 'void' ? null : movementIds[index],
    }));
    const inserted: Array<{ store_id: string; transaction_id: string }> = await manager.query(
      `INSERT INTO ${this.t('pos_transaction')}
         (store_id, transaction_id, type, voids_transaction_id, fingerprint, body, occurred_at, status, movement_ids, channel,
          publish_claim, publish_claimed_until)
       SELECT r.store_id, r.transaction_id, r.type, r.voids_transaction_id, r.fingerprint, r.body, r.occurred_at, r.status,
              CASE WHEN r.movement_ids IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(r.movement_ids)) END, $2,
              CASE WHEN r.status = 'accepted' THEN $3::text END,
              CASE WHEN r.status = 'accepted' AND $3::text IS NOT NULL THEN now() + make_interval(secs => $4::double precision / 1000) END
         FROM jsonb_to_recordset($1::jsonb)
           AS r(store_id text, transaction_id text, type text, voids_transaction_id text, fingerprint text, body jsonb,
                occurred_at timestamptz, status text, movement_ids jsonb)
       ON CONFLICT DO NOTHING
       RETURNING store_id, transaction_id`,
      [JSON.stringify(rows), channel, claim?.token ?? null, claim?.leaseMs ?? 0],
    );
    return new Set(inserted.map((row) => transactionKeyOf({ storeId: row.store_id, transactionId: row.transaction_id })));
  }

  private async existingRows(manager: EntityManager, transactions: readonly PosTransactionV1[]): Promise<Map<string, ExistingRow>> {
    if (transactions.length === 0) return new Map();
    const rows: ExistingRow[] = await manager.query(
      existingRowsSql(this.schema),
      [transactions.map((transaction) => transaction.storeId), transactions.map((transaction) => transaction.transactionId)],
    );
    return new Map(rows.map((row) => [transactionKeyOf({ storeId: row.store_id, transactionId: row.transaction_id }), row]));
  }

  private async resolvePendingVoids(
    manager: EntityManager,
    newVoids: readonly PosTransactionV1[],
    newOriginals: readonly PosTransactionV1[],
  ): Promise<ResolvedVoid[]> {
    if (newVoids.length === 0 && newOriginals.length === 0) return [];
    // Two lookups, each an index probe per key: one condition ORing the two lists was evaluated
    // against every live void ever recorded (2.5 ms a request at 20,000 of them, growing for
    // ever). A void inserted by this request and its original in the same request come back from
    // both; the rows of the first are this transaction's own, so no other request waits for them
    // in between and the two lookups cannot deadlock with another's.
    const ownVoids = await this.pendingVoidsBy(manager, 'transaction_id', newVoids);
    const parkedForOriginals = await this.pendingVoidsBy(manager, 'voids_transaction_id', newOriginals);
    const byKey = new Map([...ownVoids, ...parkedForOriginals].map((row) => [transactionKeyOf({ storeId: row.store_id, transactionId: row.transaction_id }), row]));
    const pending = [...byKey.values()].sort((a, b) => compareText(a.store_id, b.store_id) || compareText(a.transaction_id, b.transaction_id));
    if (pending.length === 0) return [];
    const resolved = pending.map((row): ResolvedVoid => {
      const violation = checkVoidTarget(row.void_body, row.original_body);
      return {
        storeId: row.store_id,
        transactionId: row.transaction_id,
        voidsTransactionId: row.void_body.voidsTransactionId,
        channel: row.channel,
        violation,
        movementIds: violation ? [] : voidToMovements(row.void_body, row.original_body).map((movement) => movement.movementId),
      };
    });
    await manager.query(
      `UPDATE ${this.t('pos_transaction')} t
          SET status = r.status, movement_ids = CASE WHEN r.status = 'accepted' THEN ARRAY(SELECT jsonb_array_elements_text(r.movement_ids)) END,
              rejection_code = r.code, rejection_path = r.path, rejection_reason = r.reason
         FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::text[])
           AS r(store_id, transaction_id, status, movement_ids, code, path, reason)
        WHERE t.store_id = r.store_id AND t.transaction_id = r.transaction_id`,
      [
        resolved.map((entry) => entry.storeId),
        resolved.map((entry) => entry.transactionId),
        resolved.map((entry) => (entry.violation ? 'rejected' : 'accepted')),
        resolved.map((entry) => JSON.stringify(entry.movementIds)),
        resolved.map((entry) => entry.violation?.code ?? null),
        resolved.map((entry) => entry.violation?.path ?? null),
        resolved.map((entry) => entry.violation?.message ?? null),
      ],
    );
    return resolved;
  }

  /**
   * Voids parked for their original, locked: by their own key (`transaction_id`) or by the
   * original they void (`voids_transaction_id`, served by the live-void index).
   */
  private async pendingVoidsBy(
    manager: EntityManager,
    column: 'transaction_id' | 'voids_transaction_id',
    transactions: readonly PosTransactionV1[],
  ): Promise<PendingVoidRow[]> {
    if (transactions.length === 0) return [];
    return manager.query(pendingVoidsSql(this.schema, column), [
      transactions.map((transaction) => transaction.storeId),
      transactions.map((transaction) => transaction.transactionId),
    ]);
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}

/**
 * The statement of TransactionStore.existingRows: $1, $2 the store and transaction ids. A probe of
 * each key: a resent request of a thousand transactions joined to the table as a whole could hash
 * every transaction ever recorded.
 */
export function existingRowsSql(schema: string): string {
  return `SELECT t.* FROM unnest($1::text[], $2::text[]) AS k(store_id, transaction_id)
        CROSS JOIN LATERAL (
          SELECT t.store_id, t.transaction_id, t.fingerprint, t.status, t.movement_ids, t.rejection_code, t.rejection_path, t.rejection_reason
            FROM "${schema}".pos_transaction t WHERE t.store_id = k.store_id AND t.transaction_id = k.transaction_id LIMIT 1) AS t`;
}

/** The statement of TransactionStore.pendingVoidsBy: $1, $2 the store and transaction ids looked up by `column`. */
export function pendingVoidsSql(schema: string, column: 'transaction_id' | 'voids_transaction_id'): string {
  return `SELECT v.store_id, v.transaction_id, v.channel, v.body AS void_body, o.body AS original_body
         FROM "${schema}".pos_transaction v
         JOIN unnest($1::text[], $2::text[]) AS k(store_id, transaction_id) ON v.store_id = k.store_id AND v.${column} = k.transaction_id
         JOIN "${schema}".pos_transaction o ON o.store_id = v.store_id AND o.transaction_id = v.voids_transaction_id
        WHERE v.type = 'void' AND v.status = 'pending-original'
        ORDER BY v.store_id, v.transaction_id
          FOR UPDATE OF v`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The keys PublicationClaims.claim needs for `keys`: each one, and the original of every void among them. */
export function publicationKeys(transactions: ReadonlyArray<TransactionKey & { voidsTransactionId?: string }>): TransactionKey[] {
  return uniqueKeys(
    transactions.flatMap((transaction) => [
      { storeId: transaction.storeId, transactionId: transaction.transactionId },
      ...(transaction.voidsTransactionId ? [{ storeId: transaction.storeId, transactionId: transaction.voidsTransactionId }] : []),
    ]),
  );
}

function existingResult(row: ExistingRow, transaction: PosTransactionV1): RecordResult {
  const rejection =
    row.status === 'rejected' && row.rejection_code
      ? ({ code: row.rejection_code, path: row.rejection_path ?? '', message: row.rejection_reason ?? '' } as IntakeViolation)
      : null;
  return {
    kind: 'existing',
    sameContent: row.fingerprint === transactionFingerprint(transaction),
    status: row.status,
    movementIds: row.movement_ids ?? [],
    rejection,
  };
}

function movementIdsOf(transaction: PosTransactionV1): string[] {
  return transaction.type === 'void' ? [] : transactionMovementIds(transaction);
}

/** The original a transaction pairs with: itself for a sale or return, the voided one for a void. */
function pairedOriginalKey(transaction: PosTransactionV1): TransactionKey {
  return { storeId: transaction.storeId, transactionId: transaction.type === 'void' ? transaction.voidsTransactionId : transaction.transactionId };
}

/** The first two bytes of the key's SHA-256, big-endian, in PAIRING_LOCK_BUCKETS buckets. */
function pairingBucket(key: TransactionKey): number {
  return Number.parseInt(sha256Hex(transactionKeyOf(key)).slice(0, 4), 16) % PAIRING_LOCK_BUCKETS;
}

function uniqueKeys(keys: readonly TransactionKey[]): TransactionKey[] {
  const byKey = new Map(keys.map((key) => [transactionKeyOf(key), { storeId: key.storeId, transactionId: key.transactionId }]));
  return [...byKey.values()];
}
