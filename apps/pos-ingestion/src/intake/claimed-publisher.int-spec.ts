// Claims on publishing against the real database: nothing is held while Kafka is waited for, two
// requests for one transaction send it once, a void never leaves before its original, a request
// gives up within its bound, and a claim whose holder vanished is taken over after its lease.
// The sender stands where Kafka's acknowledgement comes from, so a test decides when (and
// whether) each send is acknowledged.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { PosTransactionV1 } from '@ledgerline/contracts';
import type { PlannedPublication } from '@ledgerline/pos-domain';
import { baseConfigSchema, openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, waitFor, type TestDatabase } from '@ledgerline/testing';
import { PublicationClaims } from '../persistence/publication-claims';
import { TransactionStore, publicationKeys } from '../persistence/transaction-store';
import { posIngestionDatabaseOptions } from '../pos-ingestion.module';
import { sale as aSale, voidOf as aVoidOf } from '../../test/pos-ingestion-harness';
import { ClaimedPublisher, PublicationUnavailableError, claimLeaseMs } from './claimed-publisher';
import type { MovementSender } from './movement-publisher';

jest.setTimeout(60_000);

const SCHEMA = 'pos_ingestion';

interface Send {
  transactionIds: string[];
  acknowledge(): void;
  fail(error: Error): void;
}

/** Each send waits until the test acknowledges or fails it; acknowledged sends are listed in order. */
class HeldSends implements MovementSender {
  readonly sends: Send[] = [];
  readonly acknowledged: string[][] = [];

  send(publications: readonly PlannedPublication[]): Promise<void> {
    const transactionIds = publications.map((publication) => publication.transactionId);
    return new Promise<void>((resolve, reject) => {
      this.sends.push({
        transactionIds,
        acknowledge: () => {
          this.acknowledged.push(transactionIds);
          resolve();
        },
        fail: reject,
      });
    });
  }

  async nextSend(count: number): Promise<Send> {
    return waitFor(() => this.sends[count - 1], { timeoutMs: 10_000, description: `send number ${count}` });
  }
}

describe('ClaimedPublisher (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let observer: Client;
  let store: TransactionStore;

  beforeAll(async () => {
    database = await createTestDatabase('pos-publication-claims');
    dataSource = await openServiceDatabase(posIngestionDatabaseOptions({ ...baseConfigSchema.parse({}), ...database.serviceEnv('pos_ingestion'), DATABASE_SCHEMA: SCHEMA, DATABASE_POOL_SIZE: 4 }));
    store = new TransactionStore(dataSource, SCHEMA);
    observer = new Client({ connectionString: database.url });
    await observer.connect();
  });

  afterAll(async () => {
    await observer?.end();
    await dataSource?.destroy();
    await database?.drop();
  });

  const sale = (transactionId: string) => aSale('S1', transactionId);
  const voidOf = (transactionId: string, voidsTransactionId: string) => aVoidOf('S1', transactionId, voidsTransactionId);
  const keysOf = (...transactions: PosTransactionV1[]) =>
    publicationKeys(transactions.map((transaction) => ({ storeId: transaction.storeId, transactionId: transaction.transactionId, ...(transaction.type === 'void' ? { voidsTransactionId: transaction.voidsTransactionId } : {}) })));
  const publisherWith = (sender: MovementSender, timeoutMs = 10_000) => new ClaimedPublisher(new PublicationClaims(dataSource, SCHEMA, claimLeaseMs(timeoutMs)), sender, { timeoutMs });
  const rowOf = async (transactionId: string) =>
    (
      await observer.query<{ published: boolean; publish_claim: string | null }>(
        `SELECT published_at IS NOT NULL AS published, publish_claim FROM ${SCHEMA}.pos_transaction WHERE store_id = 'S1' AND transaction_id = $1`,
        [transactionId],
      )
    ).rows[0];
  const settledWithin = async (promise: Promise<unknown>, ms: number) => {
    let settled = false;
    void promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setTimeout(resolve, ms));
    return settled;
  };

  it('holds no lock and no open transaction while Kafka is waited for, and a second request for the same transaction waits and sends nothing', async () => {
    const transaction = sale('T-SAME');
    await store.record([transaction], 'http');
    const kafka = new HeldSends();
    const first = publisherWith(kafka).publish(keysOf(transaction), 'intake', { waitForOthers: true });
    const send = await kafka.nextSend(1);

    // While the send waits: the row can be locked at once by anyone, and no session sits inside a transaction.
    await observer.query('BEGIN');
    await observer.query(`SELECT 1 FROM ${SCHEMA}.pos_transaction WHERE transaction_id = 'T-SAME' FOR UPDATE NOWAIT`);
    await observer.query('ROLLBACK');
    const { rows } = await observer.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(Number(rows[0]!.n)).toBe(0);

    const second = publisherWith(kafka).publish(keysOf(transaction), 'intake', { waitForOthers: true });
    expect(await settledWithin(second, 300)).toBe(false);
    send.acknowledge();
    expect((await first).map((entry) => entry.transactionId)).toEqual(['T-SAME']);
    expect(await second).toEqual([]);
    expect(kafka.sends).toHaveLength(1);
    expect(await rowOf('T-SAME')).toEqual({ published: true, publish_claim: null });
  });

  it('claims once when everything asked for goes out with its own send, a void with its original', async () => {
    const original = sale('T-ONCE');
    const voided = voidOf('V-ONCE', 'T-ONCE');
    const other = sale('T-ONCE-2');
    await store.record([original, voided, other], 'http');
    const kafka = new HeldSends();
    const claims = new PublicationClaims(dataSource, SCHEMA, claimLeaseMs(10_000));
    const claim = jest.spyOn(claims, 'claim');
    const publishing = new ClaimedPublisher(claims, kafka, { timeoutMs: 10_000 }).publish(keysOf(original, voided, other), 'intake', { waitForOthers: true });
    (await kafka.nextSend(1)).acknowledge();
    expect((await publishing).map((entry) => entry.transactionId)).toEqual(['T-ONCE', 'T-ONCE-2', 'V-ONCE']);
    expect(claim).toHaveBeenCalledTimes(1);
    expect(await Promise.all(['T-ONCE', 'T-ONCE-2', 'V-ONCE'].map(rowOf))).toEqual(Array(3).fill({ published: true, publish_claim: null }));
  });

  it('sends transactions claimed as they were recorded without claiming them, while others wait for that claim', async () => {
    const claims = new PublicationClaims(dataSource, SCHEMA, claimLeaseMs(10_000));
    const kafka = new HeldSends();
    const publisher = new ClaimedPublisher(claims, kafka, { timeoutMs: 10_000 });
    const claim = jest.spyOn(claims, 'claim');
    const recordingClaim = publisher.recordingClaim();
    const transactions = [sale('T-REC-1'), sale('T-REC-2')];
    await store.record(transactions, 'http', recordingClaim);
    const { rows } = await observer.query<{ publish_claim: string; lease_ms: number }>(
      `SELECT publish_claim, extract(epoch FROM publish_claimed_until - now()) * 1000 AS lease_ms FROM ${SCHEMA}.pos_transaction WHERE transaction_id LIKE 'T-REC-%'`,
    );
    expect(rows.map((row) => row.publish_claim)).toEqual([recordingClaim.token, recordingClaim.token]);
    expect(rows.every((row) => row.lease_ms > 5_000 && row.lease_ms <= claimLeaseMs(10_000))).toBe(true);

    const publishing = publisher.publish(keysOf(...transactions), 'intake', { waitForOthers: true, claimedAtRecording: { claim: recordingClaim, transactions } });
    const send = await kafka.nextSend(1);
    // A repeat of the request meanwhile finds them claimed by another and waits.
    const repeat = publisherWith(kafka).publish(keysOf(...transactions), 'intake', { waitForOthers: true });
    expect(await settledWithin(repeat, 200)).toBe(false);
    send.acknowledge();
    expect((await publishing).map((entry) => entry.transactionId)).toEqual(['T-REC-1', 'T-REC-2']);
    expect(await repeat).toEqual([]);
    expect(claim).not.toHaveBeenCalled();
    expect(kafka.sends).toHaveLength(1);
    expect(await rowOf('T-REC-1')).toEqual({ published: true, publish_claim: null });

    // Keys beyond what was claimed at recording (a duplicate of an unpublished one) are claimed as usual.
    const another = sale('T-REC-3');
    const unpublished = sale('T-REC-OLD');
    await store.record([unpublished], 'http');
    const secondClaim = publisher.recordingClaim();
    await store.record([another], 'http', secondClaim);
    const mixed = publisher.publish(keysOf(another, unpublished), 'intake', { waitForOthers: true, claimedAtRecording: { claim: secondClaim, transactions: [another] } });
    (await kafka.nextSend(2)).acknowledge();
    expect((await mixed).map((entry) => entry.transactionId).sort()).toEqual(['T-REC-3', 'T-REC-OLD']);
    expect(claim).toHaveBeenCalledTimes(1);
  });

  it('answers unavailable within its bound when the holder of the claim gets no acknowledgement, and sends nothing itself', async () => {
    const transaction = sale('T-STALLED');
    await store.record([transaction], 'http');
    const kafka = new HeldSends();
    const holder = publisherWith(kafka, 10_000).publish(keysOf(transaction), 'intake', { waitForOthers: true });
    await kafka.nextSend(1);

    const started = Date.now();
    await expect(publisherWith(kafka, 400).publish(keysOf(transaction), 'intake', { waitForOthers: true })).rejects.toThrow(PublicationUnavailableError);
    const waitedMs = Date.now() - started;
    expect(waitedMs).toBeGreaterThanOrEqual(390);
    expect(waitedMs).toBeLessThan(1_500);
    expect(kafka.sends).toHaveLength(1);
    kafka.sends[0]!.acknowledge();
    await holder;
  });

  it('sends a void only after its original was acknowledged when another request is sending the original', async () => {
    const original = sale('T-RACED');
    const reversal = voidOf('V-RACED', 'T-RACED');
    await store.record([original], 'http');
    await store.record([reversal], 'http');
    const kafka = new HeldSends();
    const originalRequest = publisherWith(kafka).publish(keysOf(original), 'intake', { waitForOthers: true });
    const originalSend = await kafka.nextSend(1);
    const voidRequest = publisherWith(kafka).publish(keysOf(reversal), 'intake', { waitForOthers: true });

    expect(await settledWithin(voidRequest, 300)).toBe(false);
    expect(kafka.sends.map((send) => send.transactionIds)).toEqual([['T-RACED']]);
    originalSend.acknowledge();
    (await kafka.nextSend(2)).acknowledge();
    await Promise.all([originalRequest, voidRequest]);
    expect(kafka.acknowledged).toEqual([['T-RACED'], ['V-RACED']]);
  });

  it('sends the original again before its void when the first send of the original failed', async () => {
    const original = sale('T-FAILED');
    const reversal = voidOf('V-FAILED', 'T-FAILED');
    await store.record([original, reversal], 'http');
    const kafka = new HeldSends();
    const originalRequest = publisherWith(kafka).publish(keysOf(original), 'intake', { waitForOthers: true });
    const originalSend = await kafka.nextSend(1);
    const voidRequest = publisherWith(kafka).publish(keysOf(reversal), 'intake', { waitForOthers: true });
    originalSend.fail(new Error('broker unreachable'));
    await expect(originalRequest).rejects.toThrow(/Kafka did not take the movements: broker unreachable/);
    // The failed claim was handed back at once: the void's request takes both, original first, in one send.
    const both = await kafka.nextSend(2);
    expect(both.transactionIds).toEqual(['T-FAILED', 'V-FAILED']);
    both.acknowledge();
    expect((await voidRequest).map((entry) => entry.transactionId)).toEqual(['T-FAILED', 'V-FAILED']);
  });

  it('leaves a live claim to its holder and takes it over once the lease ran out (a crashed instance)', async () => {
    const transaction = sale('T-ORPHAN');
    await store.record([transaction], 'http');
    // A publisher that claimed and then died: neither marked nor released.
    await new PublicationClaims(dataSource, SCHEMA, 700).claim(keysOf(transaction), 'crashed-instance');
    expect(await store.stalePublicationKeys(0, 100)).not.toContainEqual({ storeId: 'S1', transactionId: 'T-ORPHAN' });
    const kafka = new HeldSends();
    const republisher = publisherWith(kafka);
    expect(await republisher.publish(keysOf(transaction), 'republisher', { waitForOthers: false })).toEqual([]);
    expect(kafka.sends).toHaveLength(0);

    await waitFor(async () => ((await store.stalePublicationKeys(0, 100)).some((key) => key.transactionId === 'T-ORPHAN') ? true : undefined), {
      timeoutMs: 5_000,
      description: 'the lease to run out',
    });
    const takeover = republisher.publish(keysOf(transaction), 'republisher', { waitForOthers: false });
    (await kafka.nextSend(1)).acknowledge();
    expect((await takeover).map((entry) => entry.transactionId)).toEqual(['T-ORPHAN']);
    expect(await rowOf('T-ORPHAN')).toEqual({ published: true, publish_claim: null });
  });

  it('marks a transaction published when a send it gave up on is acknowledged later, and not before', async () => {
    const transaction = sale('T-LATE');
    await store.record([transaction], 'http');
    const kafka = new HeldSends();
    await expect(publisherWith(kafka, 300).publish(keysOf(transaction), 'intake', { waitForOthers: true })).rejects.toThrow(
      /Kafka did not acknowledge the movements within 300 ms/,
    );
    // Handed back for a retry or the republisher, and not published without an acknowledgement.
    expect(await rowOf('T-LATE')).toEqual({ published: false, publish_claim: null });
    kafka.sends[0]!.acknowledge();
    await waitFor(async () => ((await rowOf('T-LATE'))?.published ? true : undefined), { timeoutMs: 5_000, description: 'the late acknowledgement marked' });
  });
});
