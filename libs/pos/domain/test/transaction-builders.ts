// Valid POS transactions for the domain tests, built from the contract's examples so they stay
// valid when the contract evolves.
import { posTransactionV1Examples, type PosReturnV1, type PosSaleV1, type PosVoidV1 } from '@ledgerline/contracts';

export const NOW = new Date('2025-03-01T12:00:00Z');

export function aSale(overrides: Partial<PosSaleV1> = {}): PosSaleV1 {
  return { ...posTransactionV1Examples.sale, type: 'sale', ...overrides };
}

export function aReturn(overrides: Partial<PosReturnV1> = {}): PosReturnV1 {
  return { ...posTransactionV1Examples.return, type: 'return', ...overrides };
}

export function aVoidOf(original: { storeId: string; transactionId: string }, overrides: Partial<PosVoidV1> = {}): PosVoidV1 {
  return {
    ...posTransactionV1Examples.void,
    type: 'void',
    storeId: original.storeId,
    transactionId: `${original.transactionId}-V`,
    voidsTransactionId: original.transactionId,
    ...overrides,
  };
}
