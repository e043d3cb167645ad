// Example POS transactions: one per type. Used by the AsyncAPI document, by the contract tests and
// by other projects' tests that need a valid transaction to start from.
import type { PosTransactionV1 } from './pos-transaction.schema';

export const posTransactionV1Examples = {
  sale: {
    transactionId: 'S001-T03-000418',
    storeId: 'S001',
    terminalId: 'T03',
    occurredAt: '2025-03-01T10:30:00+01:00',
    type: 'sale',
    currency: 'EUR',
    lines: [
      { lineNumber: 1, sku: 'COFFEE-1KG', quantity: 2, unitPrice: '12.99' },
      { lineNumber: 2, sku: 'CHEESE-GOUDA', quantity: 350, unitPrice: '0.0189' },
    ],
    attributes: { loyaltyCard: '4921-0007' },
  },
  return: {
    transactionId: 'S001-T01-000502',
    storeId: 'S001',
    terminalId: 'T01',
    occurredAt: '2025-03-02T16:05:12Z',
    type: 'return',
    currency: 'EUR',
    lines: [{ lineNumber: 1, sku: 'COFFEE-1KG', quantity: 1, unitPrice: '12.99' }],
  },
  void: {
    transactionId: 'S001-T03-000419',
    storeId: 'S001',
    terminalId: 'T03',
    occurredAt: '2025-03-01T10:31:40+01:00',
    type: 'void',
    currency: 'EUR',
    voidsTransactionId: 'S001-T03-000418',
  },
} satisfies Record<PosTransactionV1['type'], PosTransactionV1>;
