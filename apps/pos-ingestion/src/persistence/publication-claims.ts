// Who publishes which accepted transaction, without holding anything while Kafka is waited for.
// claim() decides and records it in one short transaction: it locks the transactions' rows for
// the length of two statements, asks planPublication what is still to go out (originals before
// their voids, leaving alone what another publisher holds), and marks that with the caller's
// token and a lease. The caller then sends outside any transaction and calls markPublished()
// only once Kafka acknowledged; release() hands a claim back when the send failed or was given
// up on. A lease that runs out (a crashed instance) lets anyone claim the rows again.
//
// Claims only keep two publishers from sending the same transaction at once. The order of a void
// after its original does not depend on them: a void is planned only when its original is marked
// published or goes out in the same send before it, so every copy of a void on the topic follows
// a copy of its original, and the ledger keeps the first copy of each movement id.
import type { DataSource } from 'typeorm';
import type { PosTransactionV1 } from '@ledgerline/contracts';
import { planPublication, type PlannedPublication, type TransactionKey } from '@ledgerline/pos-domain';
import { readCommittedTransaction } from '@ledgerline/runtime';
import { withConflictRetry } from './retryable';

export interface Claim {
  /** Claimed by this call, in publishing order: the caller sends these, then marks them published. */
  publish: PlannedPublication[];
  /** Accepted, unpublished, and held by another publisher's live claim (or a void whose original is). */
  waiting: TransactionKey[];
}

interface ClaimRow {
  body: PosTransactionV1;
  published: boolean;
  claimed_elsewhere: boolean;
}

/**
 * A claim written with the rows a request records (TransactionStore.record): its new accepted
 * transactions are claimed by `token` as they are inserted, so the request can send them without
 * claiming them first.
 */
export interface RecordingClaim {
  readonly token: string;
  readonly leaseMs: number;
}

export class PublicationClaims {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    /** How long a claim keeps others away when its holder neither marks nor releases it. */
    readonly leaseMs: number,
  ) {}

  /** `keys` must include the original of every void among them (see publicationKeys). */
  async claim(keys: readonly TransactionKey[], token: string): Promise<Claim> {
    if (keys.length === 0) return { publish: [], waiting: [] };
    return withConflictRetry(() =>
      readCommittedTransaction(this.dataSource, async (manager) => {
        const rows: ClaimRow[] = await manager.query(
          claimRowsSql(this.schema),
          [keys.map((key) => key.storeId), keys.map((key) => key.transactionId), token],
        );
        const plan = planPublication(
          rows.map((row) => ({ transaction: row.body, status: 'accepted', published: row.published, claimedElsewhere: row.claimed_elsewhere })),
        );
        if (plan.publish.length > 0) {
          await manager.query(
            `UPDATE ${this.table} SET publish_claim = $3, publish_claimed_until = now() + make_interval(secs => $4::double precision / 1000)
               FROM unnest($1::text[], $2::text[]) AS k(store_id, transaction_id)
              WHERE t.store_id = k.store_id AND t.transaction_id = k.transaction_id`,
            [plan.publish.map((entry) => entry.storeId), plan.publish.map((entry) => entry.transactionId), token, this.leaseMs],
          );
        }
        return { publish: plan.publish, waiting: plan.waiting };
      }),
    );
  }

  /** After Kafka acknowledged them, whoever's claim they are under now: the acknowledgement is the fact. */
  async markPublished(keys: readonly TransactionKey[]): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(
      `UPDATE ${this.table} SET published_at = coalesce(t.published_at, now()), publish_claim = NULL, publish_claimed_until = NULL
         FROM unnest($1::text[], $2::text[]) AS k(store_id, transaction_id)
        WHERE t.store_id = k.store_id AND t.transaction_id = k.transaction_id`,
      [keys.map((key) => key.storeId), keys.map((key) => key.transactionId)],
    );
  }

  /** Ends this token's claim on what it did not get published, so a retry need not wait for the lease. */
  async release(keys: readonly TransactionKey[], token: string): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(
      `UPDATE ${this.table} SET publish_claim = NULL, publish_claimed_until = NULL
         FROM unnest($1::text[], $2::text[]) AS k(store_id, transaction_id)
        WHERE t.store_id = k.store_id AND t.transaction_id = k.transaction_id AND t.publish_claim = $3 AND t.published_at IS NULL`,
      [keys.map((key) => key.storeId), keys.map((key) => key.transactionId), token],
    );
  }

  private get table(): string {
    return `"${this.schema}".pos_transaction t`;
  }
}

/**
 * The locking read of PublicationClaims.claim: $1, $2 the store and transaction ids, $3 the
 * claimant's token. Each row by a probe of its key, the keys sorted first so that rows are locked
 * in key order and two claims never deadlock.
 */
export function claimRowsSql(schema: string): string {
  return `SELECT t.body, t.published_at IS NOT NULL AS published,
                  (t.publish_claimed_until > now() AND t.publish_claim IS DISTINCT FROM $3) AS claimed_elsewhere
             FROM (SELECT * FROM unnest($1::text[], $2::text[]) AS k(store_id, transaction_id) ORDER BY store_id, transaction_id) AS k
            CROSS JOIN LATERAL (
              SELECT t.body, t.published_at, t.publish_claimed_until, t.publish_claim FROM "${schema}".pos_transaction t
               WHERE t.store_id = k.store_id AND t.transaction_id = k.transaction_id AND t.status = 'accepted'
                 FOR UPDATE) AS t`;
}
