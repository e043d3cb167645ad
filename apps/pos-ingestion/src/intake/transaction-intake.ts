// The one path every POS transaction takes, from HTTP or Kafka: screen each one (contract, store,
// caller, rules), record the valid ones (idempotency and void pairing), publish what became
// publishable, and answer per transaction. Nothing is answered 'accepted' (or 'duplicate') before
// Kafka acknowledged its movements; a parked void is answered 'accepted' with no movements yet.
// When Kafka has not acknowledged INTAKE_PUBLISH_TIMEOUT_MS after the submission arrived, it fails with
// PublicationUnavailableError, and a retry of it unchanged is safe.
import type { PosTransactionV1 } from '@ledgerline/contracts';
import { transactionFingerprint, transactionKeyOf, type CallerScope, type EventTimePolicy, type TransactionKey } from '@ledgerline/pos-domain';
import { JsonLogger } from '@ledgerline/runtime';
import { intakeMetrics } from '../metrics/intake-metrics';
import type { CredentialStore } from '../persistence/credential-store';
import type { RejectionEntry, RejectionLog } from '../persistence/rejection-log';
import { publicationKeys, type RecordResult, type TransactionStore } from '../persistence/transaction-store';
import { alreadyVoidedError, conflictError, type IntakeChannel, type IntakeError, type IntakeOutcome } from './intake-outcome';
import type { ClaimedPublisher } from './claimed-publisher';
import { candidateStoreIds, screenTransaction } from './screen-transaction';

export interface SubmissionContext {
  channel: IntakeChannel;
  caller?: CallerScope;
}

const LOGGED_IDS = 100;

export class TransactionIntake {
  private readonly logger = new JsonLogger('TransactionIntake');

  constructor(
    private readonly credentials: CredentialStore,
    private readonly transactions: TransactionStore,
    private readonly publication: ClaimedPublisher,
    private readonly rejections: RejectionLog,
    private readonly policy: EventTimePolicy,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async submit(inputs: readonly unknown[], context: SubmissionContext): Promise<IntakeOutcome[]> {
    const startedAt = Date.now();
    const knownStores = await this.knownStores(inputs, context.caller);
    const now = this.clock();
    const screened = inputs.map((input) => screenTransaction(input, { now, policy: this.policy, knownStores, caller: context.caller }));

    // The first occurrence of a key in the submission goes to the database; repeats are judged against it.
    const firstIndexByKey = new Map<string, number>();
    const unique: PosTransactionV1[] = [];
    screened.forEach((entry, index) => {
      if (!entry.ok) return;
      const key = transactionKeyOf(entry.transaction);
      if (firstIndexByKey.has(key)) return;
      firstIndexByKey.set(key, index);
      unique.push(entry.transaction);
    });

    // New accepted transactions are claimed for publishing as they are inserted, so a request of
    // new sales sends them without a claim of its own first.
    const recordingClaim = this.publication.recordingClaim();
    const { results, resolvedVoids } = await this.transactions.record(unique, context.channel, recordingClaim);
    const publishable: Array<TransactionKey & { voidsTransactionId?: string }> = [];
    const claimedAtRecording: PosTransactionV1[] = [];
    for (const transaction of unique) {
      const result = results.get(transactionKeyOf(transaction));
      if (result && isPublishable(result)) publishable.push(keyWithOriginal(transaction));
      if (result?.kind === 'inserted' && result.status === 'accepted' && transaction.type !== 'void') claimedAtRecording.push(transaction);
    }
    for (const resolved of resolvedVoids) if (!resolved.violation) publishable.push(resolved);
    await this.publication.publish(publicationKeys(publishable), 'intake', {
      waitForOthers: true,
      startedAt,
      claimedAtRecording: { claim: recordingClaim, transactions: claimedAtRecording },
    });

    const outcomes = screened.map((entry, index): IntakeOutcome => {
      if (!entry.ok) return { status: 'rejected', transactionId: entry.transactionId, storeId: entry.storeId, errors: entry.errors };
      const key = transactionKeyOf(entry.transaction);
      const outcome = toOutcome(entry.transaction, results.get(key));
      const first = screened[firstIndexByKey.get(key) ?? index];
      if (first === entry || !first?.ok) return outcome;
      return repeatWithinSubmission(entry.transaction, first.transaction, outcome);
    });

    const ownKeys = new Set(firstIndexByKey.keys());
    const laterRejections = resolvedVoids.flatMap(({ violation, channel, storeId, transactionId }): RejectionEntry[] =>
      violation && !ownKeys.has(transactionKeyOf({ storeId, transactionId }))
        ? [{ channel, storeId, transactionId, code: violation.code, path: violation.path, reason: violation.message }]
        : [],
    );
    await this.report(outcomes, context.channel, laterRejections);
    return outcomes;
  }

  /**
   * A caller's own store exists (its credential references it), and it may name no other, so
   * nothing is looked up for it; the Kafka intake, trusted at the topic level, looks its stores up.
   */
  private async knownStores(inputs: readonly unknown[], caller: CallerScope | undefined): Promise<Set<string>> {
    if (caller) return new Set([caller.storeId]);
    const storeIds = candidateStoreIds(inputs);
    return storeIds.length > 0 ? this.credentials.knownStores(storeIds) : new Set<string>();
  }

  private async report(outcomes: readonly IntakeOutcome[], channel: IntakeChannel, laterRejections: RejectionEntry[]): Promise<void> {
    const refused: RejectionEntry[] = [...laterRejections];
    const ids = { accepted: [] as string[], duplicate: [] as string[], refused: [] as string[] };
    for (const outcome of outcomes) {
      switch (outcome.status) {
        case 'accepted':
          intakeMetrics.accepted.inc({ channel });
          ids.accepted.push(outcome.transactionId);
          break;
        case 'duplicate':
          intakeMetrics.duplicates.inc({ channel });
          ids.duplicate.push(outcome.transactionId);
          break;
        case 'conflict':
        case 'rejected': {
          if (outcome.status === 'conflict') intakeMetrics.conflicts.inc({ channel });
          else intakeMetrics.rejected.inc({ channel, code: outcome.errors[0]?.code ?? 'INTAKE.UNKNOWN' });
          refused.push(rejectionEntry(outcome, channel));
          if (outcome.transactionId) ids.refused.push(outcome.transactionId);
          break;
        }
      }
    }
    for (const entry of laterRejections) intakeMetrics.rejected.inc({ channel: entry.channel, code: entry.code });
    await this.rejections.record(refused);
    this.logger.info('transactions taken in', {
      channel,
      submitted: outcomes.length,
      accepted: ids.accepted.length,
      duplicates: ids.duplicate.length,
      refused: refused.length - laterRejections.length,
      transactionIds: ids.accepted.slice(0, LOGGED_IDS),
      duplicateTransactionIds: ids.duplicate.slice(0, LOGGED_IDS),
      refusedTransactionIds: ids.refused.slice(0, LOGGED_IDS),
    });
  }
}

function isPublishable(result: RecordResult): boolean {
  if (result.kind === 'inserted') return result.status === 'accepted';
  // A duplicate of something stored but not yet published (a crash, or a request still publishing) is published or waited for.
  return result.kind === 'existing' && result.sameContent && result.status === 'accepted';
}

// Keys and outcomes are spelt out as one literal each rather than spread from the ids with fields
// added: V8 builds the latter on its slow path, a new hidden class per object, for every transaction.
function keyWithOriginal(transaction: PosTransactionV1): TransactionKey & { voidsTransactionId?: string } {
  const { storeId, transactionId } = transaction;
  return transaction.type === 'void' ? { storeId, transactionId, voidsTransactionId: transaction.voidsTransactionId } : { storeId, transactionId };
}

function toOutcome(transaction: PosTransactionV1, result: RecordResult | undefined): IntakeOutcome {
  const { transactionId, storeId } = transaction;
  if (!result) throw new Error(`no record result for transaction ${transactionId}`);
  switch (result.kind) {
    case 'inserted':
      return { transactionId, storeId, status: 'accepted', movementIds: result.movementIds, pendingOriginal: result.status === 'pending-original' };
    case 'rejected':
      return { transactionId, storeId, status: 'rejected', errors: [result.violation] };
    case 'already-voided':
      return { transactionId, storeId, status: 'rejected', errors: [alreadyVoidedError(transaction.type === 'void' ? transaction.voidsTransactionId : '')] };
    case 'existing':
      if (!result.sameContent) return { transactionId, storeId, status: 'conflict', errors: [conflictError(transactionId)] };
      if (result.status === 'rejected' && result.rejection) return { transactionId, storeId, status: 'rejected', errors: [result.rejection] };
      return { transactionId, storeId, status: 'duplicate', movementIds: result.movementIds };
  }
}

/** A transaction repeated inside one submission: a duplicate of the first when equal, else a conflict. */
function repeatWithinSubmission(repeat: PosTransactionV1, first: PosTransactionV1, firstOutcome: IntakeOutcome): IntakeOutcome {
  const { transactionId, storeId } = repeat;
  if (transactionFingerprint(repeat) !== transactionFingerprint(first)) {
    return { transactionId, storeId, status: 'conflict', errors: [conflictError(transactionId)] };
  }
  if (firstOutcome.status === 'accepted') return { transactionId, storeId, status: 'duplicate', movementIds: firstOutcome.movementIds };
  return firstOutcome;
}

function rejectionEntry(outcome: Extract<IntakeOutcome, { errors: IntakeError[] }>, channel: IntakeChannel): RejectionEntry {
  const first = outcome.errors[0];
  return {
    channel,
    storeId: outcome.storeId ?? null,
    transactionId: outcome.transactionId ?? null,
    code: first?.code ?? 'INTAKE.UNKNOWN',
    path: first?.path ?? '',
    reason: outcome.errors.map((error) => error.message).join('; '),
  };
}
