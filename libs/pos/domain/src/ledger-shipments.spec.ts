import { LedgerShipmentEventError, ledgerShipmentsOf } from './ledger-shipments';
import { stockChangedEvent as event } from './test-support/stock-changed-events';

const out = event('transfer-out', 'erp:TR-1:out', 'W1', -7, { transferId: 'TR-1' });
const shipped = event('transfer-shipped', 'erp:TR-1:out:shipped', 'S1', 0, { transferId: 'TR-1', fromLocationId: 'W1' });

describe('ledgerShipmentsOf', () => {
  it('takes the quantity from the transfer-out and the destination from the shipment, under the transfer-out id', () => {
    const expected = { movementId: 'erp:TR-1:out', transferId: 'TR-1', sku: 'TEA', fromLocationId: 'W1', toLocationId: 'S1', quantity: 7 };
    expect(ledgerShipmentsOf([out, shipped]).shipments).toEqual([expected]);
    expect(ledgerShipmentsOf([shipped, out, shipped]).shipments).toEqual([expected]);
  });

  it('keeps a half whose other half is still to come, its missing side null', () => {
    expect(ledgerShipmentsOf([shipped]).shipments).toEqual([expect.objectContaining({ toLocationId: 'S1', quantity: null })]);
    expect(ledgerShipmentsOf([out]).shipments).toEqual([expect.objectContaining({ toLocationId: null, quantity: 7 })]);
  });

  it('passes over other kinds, and sets aside transfer events applied before the ledger named the transfer', () => {
    const receipt = event('receipt', 'erp:GR-1', 'W1', 5);
    const oldShipped = event('transfer-shipped', 'erp:TR-0:out:shipped', 'S1', 0);
    const received = event('transfer-in', 'erp:TR-1:in', 'S1', 7, { transferId: 'TR-1', fromLocationId: 'W1' });
    expect(ledgerShipmentsOf([receipt, oldShipped, received])).toEqual({ shipments: [], unnamed: [oldShipped] });
  });

  it('refuses a shipment id that does not name its transfer-out, and halves that disagree on the line', () => {
    expect(() => ledgerShipmentsOf([{ ...shipped, movementId: 'erp:TR-1:ship' }])).toThrow(LedgerShipmentEventError);
    expect(() => ledgerShipmentsOf([{ ...shipped, movementId: ':shipped' }])).toThrow(LedgerShipmentEventError);
    expect(() => ledgerShipmentsOf([out, { ...shipped, fromLocationId: 'W2' }])).toThrow(LedgerShipmentEventError);
  });
});
