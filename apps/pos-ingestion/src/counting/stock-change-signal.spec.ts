import { stockChangedV1Example, type StockChangedV1 } from '@ledgerline/contracts';
import { dayOf, stockChangeSignal } from './stock-change-signal';

const event = (change: Partial<StockChangedV1>): StockChangedV1 => ({ ...stockChangedV1Example, ...change });

describe('stockChangeSignal', () => {
  it('counts a sale as units sold, and flags one made while the book was empty', () => {
    expect(stockChangeSignal(event({ kind: 'sale', quantityDelta: -2, onHand: 5 }))).toMatchObject({ unitsSold: 2, soldWhileBookEmpty: false });
    expect(stockChangeSignal(event({ kind: 'sale', quantityDelta: -1, onHand: -1 }))).toMatchObject({ unitsSold: 1, soldWhileBookEmpty: true });
  });

  it('nets returns off the units sold', () => {
    expect(stockChangeSignal(event({ kind: 'return', quantityDelta: 1 })).unitsSold).toBe(-1);
  });

  it("tells a count's variance from shrinkage and ignores count corrections", () => {
    expect(stockChangeSignal(event({ kind: 'adjustment', movementId: 'count:C1:SKU:variance', quantityDelta: -3 }))).toMatchObject({ variances: 1, shrinkageAdjustments: 0 });
    expect(stockChangeSignal(event({ kind: 'adjustment', movementId: 'pos:S1:T1:1:count-correction', quantityDelta: -1 }))).toMatchObject({ variances: 0, shrinkageAdjustments: 0 });
    expect(stockChangeSignal(event({ kind: 'adjustment', movementId: 'erp:ADJ-1', quantityDelta: -1 }))).toMatchObject({ variances: 0, shrinkageAdjustments: 1 });
    expect(stockChangeSignal(event({ kind: 'adjustment', movementId: 'erp:ADJ-2', quantityDelta: 4 })).shrinkageAdjustments).toBe(0);
  });

  it('marks a count and its day', () => {
    expect(stockChangeSignal(event({ kind: 'count', quantityDelta: 0, occurredAt: '2026-12-06T10:00:00.000Z' }))).toMatchObject({ counted: true, variances: 0, day: dayOf('2026-12-06T00:00:00Z') });
  });
});
