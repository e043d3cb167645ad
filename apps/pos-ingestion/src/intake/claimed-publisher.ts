// Publishes accepted transactions within a bound, holding no database lock and no open
// transaction while Kafka is waited for: claim what is to go out (PublicationClaims, one short
// transaction), send it, mark it published once Kafka acknowledged. What another publisher holds
// is waited for by a request, which must not answer before its transactions' movements are on
// Kafka, and left to its holder by the republisher. When Kafka has not acknowledged by the
// deadline, or another's claim has not ended by then, it gives up with
// PublicationUnavailableError and hands its claim back. A send kafkajs had already taken may
// still be acknowledged later; it then marks what it published, never before.
//
// A request whose new transactions were claimed as they were recorded (recordingClaim) sends
// them without claiming first: every one of them is its own, accepted and unpublished, and no
// void waits among them.
import { randomUUID } from 'node:crypto';
import type { PosTransactionV1 } from '@ledgerline/contracts';
import { planPublication, transactionKeyOf, type PlannedPublication, type TransactionKey } from '@ledgerline/pos-domain';
import { JsonLogger } from '@ledgerline/runtime';
import type { PublicationClaims, RecordingClaim } from '../persistence/publication-claims';
import type { MovementSender, PublicationPath } from './movement-publisher';

/** Kafka did not acknowledge within the bound, or could not be reached: the caller may retry unchanged. */
export class PublicationUnavailableError extends Error {
  readonly code = 'INTAKE.UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PublicationUnavailableError';
  }
}

export interface ClaimedPublisherOptions {
  /** Longest a call waits for Kafka's acknowledgement and for other publishers' claims. */
  timeoutMs: number;
}

export interface PublishOptions {
  /** A request waits for what others are publishing; the republisher leaves it to them. */
  waitForOthers: boolean;
  /** When the caller's wait began (a request's arrival, as Date.now()); the bound counts from it. Now by default. */
  startedAt?: number;
  /**
   * The claim the caller's transactions were recorded with, and those it claimed: inserted
   * accepted and not voids. When they are all of `keys`, they are sent without claiming first.
   */
  claimedAtRecording?: { claim: RecordingClaim; transactions: readonly PosTransactionV1[] };
}

/** A claim outlives its holder's bound by this much, for marking what was acknowledged at the last moment. */
const CLAIM_LEASE_MARGIN_MS = 2_000;
const FIRST_POLL_MS = 20;
const LONGEST_POLL_MS = 250;

/** The lease of a claim whose holder waits at most `timeoutMs`. */
export function claimLeaseMs(timeoutMs: number): number {
  return timeoutMs + CLAIM_LEASE_MARGIN_MS;
}

export class ClaimedPublisher {
  private readonly logger = new JsonLogger('ClaimedPublisher');

  constructor(
    private readonly claims: PublicationClaims,
    private readonly publisher: MovementSender,
    private readonly options: ClaimedPublisherOptions,
  ) {}

  /** A claim for TransactionStore.record to write on the rows it inserts, for publish's claimedAtRecording. */
  recordingClaim(): RecordingClaim {
    return { token: randomUUID(), leaseMs: this.claims.leaseMs };
  }

  /**
   * Publishes whatever of `keys` is accepted and unpublished, originals before their voids, and
   * returns what this call sent. With waitForOthers, resolves only once all of it is published.
   * `keys` must include the original of every void among them (see publicationKeys).
   */
  async publish(
    keys: readonly TransactionKey[],
    path: PublicationPath,
    { waitForOthers, startedAt = Date.now(), claimedAtRecording }: PublishOptions,
  ): Promise<PlannedPublication[]> {
    if (keys.length === 0) return [];
    const deadline = startedAt + this.options.timeoutMs;
    const token = claimedAtRecording?.claim.token ?? randomUUID();
    const published: PlannedPublication[] = [];
    let pause = FIRST_POLL_MS;
    let claimedAlready = claimedAtRecording === undefined ? undefined : claimedWhenRecorded(keys, claimedAtRecording.transactions);
    for (;;) {
      const claim = claimedAlready ?? (await this.claims.claim(keys, token));
      claimedAlready = undefined;
      if (claim.publish.length > 0) {
        await this.sendClaimed(claim.publish, token, path, deadline);
        published.push(...claim.publish);
        // Whatever of `keys` was publishable and not held by another went out with this send
        // (planPublication sends a void with its original), so claiming again would find nothing.
        if (claim.waiting.length === 0) return published;
        continue;
      }
      if (claim.waiting.length === 0 || !waitForOthers) return published;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new PublicationUnavailableError(
          `${claim.waiting.length} transaction(s) being published by another request were not acknowledged by Kafka within ${this.options.timeoutMs} ms`,
        );
      }
      await sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, LONGEST_POLL_MS);
    }
  }

  private async sendClaimed(publications: PlannedPublication[], token: string, path: PublicationPath, deadline: number): Promise<void> {
    const giveUp = new AbortController();
    const sent = this.publisher.send(publications, path, giveUp.signal);
    // Also after this call gave up: a send kafkajs had already taken marks what it published.
    const marked = sent.then(() => this.claims.markPublished(publications));
    try {
      await settleBy(sent, deadline);
    } catch (error) {
      giveUp.abort(error);
      marked.catch((late: unknown) => {
        if (late !== error) this.logger.warn('could not mark a late acknowledged publication; the republisher sends it again', { error: late });
      });
      await this.claims.release(publications, token).catch((releaseError: unknown) => {
        // The lease ends the claim anyway.
        this.logger.warn('could not release a publication claim', { error: releaseError });
      });
      throw error instanceof DeadlinePassed
        ? new PublicationUnavailableError(`Kafka did not acknowledge the movements within ${this.options.timeoutMs} ms`, { cause: error })
        : new PublicationUnavailableError(`Kafka did not take the movements: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    // A database failure here leaves the claim to its lease and the transactions to the republisher.
    await marked;
  }
}

/**
 * What a claim of `keys` would answer when they are all among `transactions`, claimed as they were
 * inserted: each is the caller's, accepted, unpublished and not a void, so all go out and none
 * waits. Otherwise undefined, and the keys are claimed as usual.
 */
function claimedWhenRecorded(keys: readonly TransactionKey[], transactions: readonly PosTransactionV1[]): { publish: PlannedPublication[]; waiting: TransactionKey[] } | undefined {
  if (keys.length !== transactions.length) return undefined;
  const claimed = new Set<string>();
  for (const transaction of transactions) {
    if (transaction.type === 'void') return undefined;
    claimed.add(transactionKeyOf(transaction));
  }
  if (!keys.every((key) => claimed.has(transactionKeyOf(key)))) return undefined;
  const plan = planPublication(transactions.map((transaction) => ({ transaction, status: 'accepted', published: false, claimedElsewhere: false })));
  return { publish: plan.publish, waiting: [] };
}

class DeadlinePassed extends Error {
  constructor() {
    super('the publication deadline passed');
    this.name = 'DeadlinePassed';
  }
}

/** Settles as `work` does, or rejects with DeadlinePassed at `deadline` (as Date.now()). */
export function settleBy<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlinePassed()), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
