import { stockChangedV1Example, stockChangedV1Schema } from '../../index';
import { expectRejectedAt, expectValid, without } from '../../test-support/contract-assertions';

describe('stock-changed v1', () => {
  it('accepts the example and negative balances (a sale is never refused)', () => {
    expectValid(stockChangedV1Schema, stockChangedV1Example);
    expectValid(stockChangedV1Schema, { ...stockChangedV1Example, onHand: -3, inventoryValue: '-22.3500', costOfGoodsSold: '-7.45' });
  });

  it('accepts a transfer event naming its transfer and source, and refuses malformed ones', () => {
    const shipped = { ...stockChangedV1Example, movementId: 'wms:TR-1:out:shipped', kind: 'transfer-shipped', quantityDelta: 0, transferId: 'TR-1', fromLocationId: 'W1' };
    expectValid(stockChangedV1Schema, shipped);
    expectValid(stockChangedV1Schema, without(shipped, 'fromLocationId'));
    expectRejectedAt(stockChangedV1Schema, { ...shipped, transferId: '' }, ['transferId']);
    expectRejectedAt(stockChangedV1Schema, { ...shipped, fromLocationId: 7 }, ['fromLocationId']);
  });

  it('rejects missing, extra and malformed fields', () => {
    expectRejectedAt(stockChangedV1Schema, without(stockChangedV1Example, 'balanceVersion'), ['balanceVersion']);
    expectRejectedAt(stockChangedV1Schema, { ...stockChangedV1Example, balanceVersion: 0 }, ['balanceVersion']);
    expectRejectedAt(stockChangedV1Schema, { ...stockChangedV1Example, quantityDelta: 0.5 }, ['quantityDelta']);
    expectRejectedAt(stockChangedV1Schema, { ...stockChangedV1Example, averageUnitCost: '-1' }, ['averageUnitCost']);
    expectRejectedAt(stockChangedV1Schema, { ...stockChangedV1Example, kind: 'shrink' }, ['kind']);
    expectRejectedAt(stockChangedV1Schema, { ...stockChangedV1Example, appliedAt: 'now' }, ['appliedAt']);
    expectRejectedAt(stockChangedV1Schema, { ...stockChangedV1Example, committed: 0 }, ['committed']);
  });
});
