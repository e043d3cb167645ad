import { inventoryMovementKinds, stockChangedV1Example, type StockChangedV1 } from '@ledgerline/contracts';
import { ledgerReceiptsOf, ledgerShipmentsOf } from '@ledgerline/pos-domain';
import { LEDGER_TRANSFER_KINDS } from './ledger-transfers.consumer';

describe('the kinds the transfers follower reads', () => {
  it('hold every kind the shipments and receipts are learnt from: an event of any other kind teaches them nothing', () => {
    for (const kind of inventoryMovementKinds.filter((candidate) => !LEDGER_TRANSFER_KINDS.includes(candidate))) {
      const event: StockChangedV1 = { ...stockChangedV1Example, kind, transferId: 'TR-1', fromLocationId: 'WH1', quantityDelta: kind === 'transfer-out' ? -2 : 2 };
      expect(ledgerShipmentsOf([event])).toEqual({ shipments: [], unnamed: [] });
      expect(ledgerReceiptsOf([event])).toEqual({ receipts: [], unnamed: [] });
    }
  });
});
