import type { StockChangedV1 } from '@ledgerline/contracts';
import type { LedgerReceipt } from '@ledgerline/pos-domain';
import type { LedgerReceiptsSql } from './ledger-receipts-sql';
import { recordReceipts } from './ledger-receipts.consumer';

function event(kind: StockChangedV1['kind'], movementId: string, locationId: string, quantityDelta: number, extra: Partial<StockChangedV1> = {}): StockChangedV1 {
  return {
    movementId, kind, sku: 'TEA', locationId, quantityDelta, onHand: 1, inTransit: 0, onOrder: 0, inventoryValue: '1.0000', averageUnitCost: '1.0000',
    balanceVersion: 2, costOfGoodsSold: '0', occurredAt: '2026-12-01T08:00:00.000Z', appliedAt: '2026-12-01T08:00:01.000Z', ...extra,
  };
}

describe('recordReceipts', () => {
  const written: LedgerReceipt[][] = [];
  const sql = { record: async (receipts: readonly LedgerReceipt[]) => void written.push([...receipts]) } as unknown as LedgerReceiptsSql;
  beforeEach(() => (written.length = 0));

  it('writes the batch receipts once each, and nothing for other kinds or unnamed transfers', async () => {
    await recordReceipts(sql, [
      event('transfer-out', 'erp:TR-1:out', 'W1', -3, { transferId: 'TR-1' }),
      event('transfer-in', 'wms:TR-0:in', 'S1', 2),
      event('transfer-in', 'wms:TR-1:in', 'S1', 3, { transferId: 'TR-1', fromLocationId: 'W1' }),
      event('transfer-in', 'wms:TR-1:in', 'S1', 3, { transferId: 'TR-1', fromLocationId: 'W1' }),
    ]);
    expect(written).toEqual([[{ movementId: 'wms:TR-1:in', transferId: 'TR-1', sku: 'TEA', fromLocationId: 'W1', toLocationId: 'S1', quantity: 3 }]]);
  });

  it('fails the batch, writing nothing, when a receipt takes units off the shelf', async () => {
    await expect(recordReceipts(sql, [event('transfer-in', 'wms:TR-1:in', 'S1', -1, { transferId: 'TR-1', fromLocationId: 'W1' })])).rejects.toThrow('what it received cannot be told');
    expect(written).toEqual([]);
  });
});
