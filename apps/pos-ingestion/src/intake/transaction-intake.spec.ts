// The answers of one submission and what it hands on for publishing, with the store, the
// publisher and the rejection log as in-memory stand-ins; their SQL is exercised against the real
// database by the integration specs.
import { posTransactionV1Examples, type PosSaleV1, type PosTransactionV1, type PosVoidV1 } from '@ledgerline/contracts';
import { transactionKeyOf, type TransactionKey } from '@ledgerline/pos-domain';
import type { RecordingClaim } from '../persistence/publication-claims';
import type { RejectionEntry, RejectionLog } from '../persistence/rejection-log';
import type { RecordOutcome, RecordResult, TransactionStore } from '../persistence/transaction-store';
import type { ClaimedPublisher, PublishOptions } from './claimed-publisher';
import { TransactionIntake } from './transaction-intake';

const sale = (transactionId: string, quantity = 1): PosSaleV1 => ({
  ...posTransactionV1Examples.sale,
  type: 'sale',
  transactionId,
  occurredAt: '2026-03-01T12:00:00.000Z',
  lines: [{ lineNumber: 1, sku: 'TEA', quantity, unitPrice: '1.00' }],
});
const NOW = new Date('2026-03-01T12:01:00.000Z');

/** Answers each recorded transaction with the result given for its id, inserted and accepted by default. */
function intakeWith(resultsById: Record<string, RecordResult> = {}) {
  const published: TransactionKey[][] = [];
  const claimedAtRecording: string[][] = [];
  const recordedWith: RecordingClaim[] = [];
  const rejections: RejectionEntry[] = [];
  const recordingClaim: RecordingClaim = { token: 'claim-of-this-request', leaseMs: 12_000 };
  const store = {
    record: async (transactions: readonly PosTransactionV1[], _channel: string, claim: RecordingClaim): Promise<RecordOutcome> => {
      recordedWith.push(claim);
      return {
        results: new Map(
          transactions.map((transaction) => [
            transactionKeyOf(transaction),
            resultsById[transaction.transactionId] ?? { kind: 'inserted', status: 'accepted', movementIds: [`m-${transaction.transactionId}`] },
          ]),
        ),
        resolvedVoids: [],
      };
    },
  } as unknown as TransactionStore;
  const publisher = {
    recordingClaim: () => recordingClaim,
    publish: async (keys: TransactionKey[], _path: string, options: PublishOptions) => {
      published.push(keys);
      if (options.claimedAtRecording?.claim === recordingClaim) claimedAtRecording.push(options.claimedAtRecording.transactions.map((transaction) => transaction.transactionId));
    },
  } as unknown as ClaimedPublisher;
  const log = { record: async (entries: RejectionEntry[]) => void rejections.push(...entries) } as unknown as RejectionLog;
  const intake = new TransactionIntake({} as never, store, publisher, log, { maxClockSkewMinutes: 5, maxEventAgeDays: 90 }, () => NOW);
  const caller = { storeId: posTransactionV1Examples.sale.storeId, terminalId: null };
  return { submit: (inputs: unknown[]) => intake.submit(inputs, { channel: 'http', caller }), published, claimedAtRecording, recordedWith, rejections };
}

describe('TransactionIntake', () => {
  it('answers each transaction with its fields in one order, whatever its outcome', async () => {
    const { submit } = intakeWith({
      'T-dup': { kind: 'existing', sameContent: true, status: 'accepted', movementIds: ['m-old'], rejection: null },
      'T-conflict': { kind: 'existing', sameContent: false, status: 'accepted', movementIds: ['m-old'], rejection: null },
    });
    const outcomes = await submit([sale('T-new'), sale('T-dup'), sale('T-conflict'), sale('T-new'), sale('T-new', 2), { transactionId: 'T-bad' }]);
    expect(outcomes.map((outcome) => [outcome.status, Object.keys(outcome)])).toEqual([
      ['accepted', ['transactionId', 'storeId', 'status', 'movementIds', 'pendingOriginal']],
      ['duplicate', ['transactionId', 'storeId', 'status', 'movementIds']],
      ['conflict', ['transactionId', 'storeId', 'status', 'errors']],
      ['duplicate', ['transactionId', 'storeId', 'status', 'movementIds']],
      ['conflict', ['transactionId', 'storeId', 'status', 'errors']],
      ['rejected', ['status', 'transactionId', 'storeId', 'errors']],
    ]);
    expect(outcomes[0]).toEqual({ transactionId: 'T-new', storeId: 'S001', status: 'accepted', movementIds: ['m-T-new'], pendingOriginal: false });
    expect(outcomes[3]).toEqual({ transactionId: 'T-new', storeId: 'S001', status: 'duplicate', movementIds: ['m-T-new'] });
    expect(outcomes[4]).toMatchObject({ status: 'conflict', errors: [{ code: 'INTAKE.CONFLICT', path: 'transactionId' }] });
  });

  it('hands on each publishable transaction by its key, a void with the original it reverses', async () => {
    const aVoid: PosVoidV1 = { ...posTransactionV1Examples.void, type: 'void', transactionId: 'V1', voidsTransactionId: 'T-1', occurredAt: '2026-03-01T12:00:00.000Z' };
    const { submit, published } = intakeWith({ V1: { kind: 'inserted', status: 'accepted', movementIds: ['m-V1'] } });
    await submit([sale('T-1'), aVoid]);
    expect(published).toEqual([[
      { storeId: 'S001', transactionId: 'T-1' },
      { storeId: 'S001', transactionId: 'V1' },
    ]]);
  });

  it('records with a claim and hands on, as claimed with it, the new accepted transactions that are not voids', async () => {
    const aVoid: PosVoidV1 = { ...posTransactionV1Examples.void, type: 'void', transactionId: 'V2', voidsTransactionId: 'T-2', occurredAt: '2026-03-01T12:00:00.000Z' };
    const { submit, claimedAtRecording, recordedWith } = intakeWith({
      V2: { kind: 'inserted', status: 'accepted', movementIds: ['m-V2'] },
      'T-old': { kind: 'existing', sameContent: true, status: 'accepted', movementIds: ['m-old'], rejection: null },
    });
    await submit([sale('T-2'), aVoid, sale('T-old'), sale('T-3')]);
    expect(recordedWith).toEqual([{ token: 'claim-of-this-request', leaseMs: 12_000 }]);
    expect(claimedAtRecording).toEqual([['T-2', 'T-3']]);
  });
});
