import type { StockChangedV1 } from '@ledgerline/contracts';
import type { LedgerShipment } from '@ledgerline/pos-domain';
import type { LedgerShipmentsSql } from './ledger-shipments-sql';
import { recordShipments } from './ledger-shipments.consumer';

function event(kind: StockChangedV1['kind'], movementId: string, locationId: string, quantityDelta: number, extra: Partial<StockChangedV1> = {}): StockChangedV1 {
  return {
    movementId, kind, sku: 'TEA', locationId, quantityDelta, onHand: 1, inTransit: 0, onOrder: 0, inventoryValue: '1.0000', averageUnitCost: '1.0000',
    balanceVersion: 2, costOfGoodsSold: '0', occurredAt: '2026-12-01T08:00:00.000Z', appliedAt: '2026-12-01T08:00:01.000Z', ...extra,
  };
}

describe('recordShipments', () => {
  const written: LedgerShipment[][] = [];
  const sql = { record: async (shipments: readonly LedgerShipment[]) => void written.push([...shipments]) } as unknown as LedgerShipmentsSql;
  beforeEach(() => (written.length = 0));

  it('writes the batch shipments once each, both halves merged, and nothing for other kinds or unnamed transfers', async () => {
    await recordShipments(sql, [
      event('sale', 'pos:S1:T1:1', 'S1', -1),
      event('transfer-out', 'erp:TR-1:out', 'W1', -3, { transferId: 'TR-1' }),
      event('transfer-shipped', 'erp:TR-0:out:shipped', 'S1', 0),
      event('transfer-shipped', 'erp:TR-1:out:shipped', 'S1', 0, { transferId: 'TR-1', fromLocationId: 'W1' }),
    ]);
    expect(written).toEqual([[{ movementId: 'erp:TR-1:out', transferId: 'TR-1', sku: 'TEA', fromLocationId: 'W1', toLocationId: 'S1', quantity: 3 }]]);
  });

  it('fails the batch, writing nothing, when a shipment id does not name its transfer-out', async () => {
    await expect(recordShipments(sql, [event('transfer-shipped', 'erp:TR-1:ship', 'S1', 0, { transferId: 'TR-1', fromLocationId: 'W1' })])).rejects.toThrow('does not end in :shipped');
    expect(written).toEqual([]);
  });
});
