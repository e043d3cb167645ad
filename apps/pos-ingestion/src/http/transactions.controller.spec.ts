// The batch answer's shape, with the intake answering from memory; the HTTP round trip itself is
// exercised by test/pos-http-intake.int-spec.ts.
import type { IntakeOutcome } from '../intake/intake-outcome';
import type { IntakeRuntime } from '../intake/intake-runtime';
import type { AuthenticatedRequest } from '../auth/pos-caller';
import { TransactionsController } from './transactions.controller';

const outcomes: IntakeOutcome[] = [
  { transactionId: 'T1', storeId: 'S001', status: 'accepted', movementIds: ['m1'], pendingOriginal: false },
  { transactionId: 'T2', storeId: 'S001', status: 'duplicate', movementIds: ['m2'] },
  { transactionId: 'T3', storeId: 'S001', status: 'conflict', errors: [{ code: 'INTAKE.CONFLICT', path: 'transactionId', message: 'transactionId T3 was already received' }] },
  { status: 'rejected', errors: [{ code: 'INTAKE.VALIDATION_FAILED', path: 'storeId', message: 'storeId is required' }] },
];

describe('TransactionsController batch answer', () => {
  it('answers each transaction with index, transactionId when known, status and errors when refused, in that order', async () => {
    const controller = new TransactionsController({ intake: { submit: async () => outcomes } } as unknown as IntakeRuntime);
    const request = { headers: { 'content-type': 'application/json' }, posCaller: { storeId: 'S001', terminalId: null, keyId: 'k1' } } as unknown as AuthenticatedRequest;
    const answer = await controller.postBatch(request, { transactions: [{}, {}, {}, {}] });
    expect(JSON.stringify(answer)).toBe(
      JSON.stringify({
        results: [
          { index: 0, transactionId: 'T1', status: 'accepted' },
          { index: 1, transactionId: 'T2', status: 'duplicate' },
          { index: 2, transactionId: 'T3', status: 'conflict', errors: [{ path: 'transactionId', code: 'INTAKE.CONFLICT', message: 'transactionId T3 was already received' }] },
          { index: 3, status: 'rejected', errors: [{ path: 'storeId', code: 'INTAKE.VALIDATION_FAILED', message: 'storeId is required' }] },
        ],
        accepted: 1,
        duplicates: 1,
        conflicts: 1,
        rejected: 1,
      }),
    );
  });
});
