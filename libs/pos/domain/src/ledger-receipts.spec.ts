import { LedgerReceiptEventError, ledgerReceiptsOf } from './ledger-receipts';
import { stockChangedEvent as event } from './test-support/stock-changed-events';

const received = event('transfer-in', 'wms:TR-1:in:1', 'S1', 4, { transferId: 'TR-1', fromLocationId: 'W1' });

describe('ledgerReceiptsOf', () => {
  it('takes each transfer-in once, its quantity the units it put on the shelf, under its own movement id', () => {
    const expected = { movementId: 'wms:TR-1:in:1', transferId: 'TR-1', sku: 'TEA', fromLocationId: 'W1', toLocationId: 'S1', quantity: 4 };
    expect(ledgerReceiptsOf([received, received]).receipts).toEqual([expected]);
  });

  it('passes over other kinds, and sets aside receipts applied before the ledger named the transfer and its source', () => {
    const out = event('transfer-out', 'erp:TR-1:out', 'W1', -4, { transferId: 'TR-1' });
    const unnamed = event('transfer-in', 'wms:TR-0:in', 'S1', 2, { transferId: 'TR-0' });
    expect(ledgerReceiptsOf([out, event('sale', 'pos:S1:T1:1', 'S1', -1), unnamed])).toEqual({ receipts: [], unnamed: [unnamed] });
  });

  it('refuses a transfer-in that takes units off the shelf', () => {
    expect(() => ledgerReceiptsOf([event('transfer-in', 'wms:TR-1:in:2', 'S1', 0, { transferId: 'TR-1', fromLocationId: 'W1' })])).toThrow(LedgerReceiptEventError);
  });
});
