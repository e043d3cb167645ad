// Negative stock: sales are never refused. While on hand is at or below zero, value is exactly
// on hand x the last known cost; a receipt re-bases the value at its own cost and books the
// error of the estimate for the units sold short as cost of goods sold.
import { Movement, StockBalance, applyMovement, emptyBalance } from './index';
import { SKU, STORE, adjustment, money, receipt, sale, saleReturn } from '../test/movement-builders';

function applyInOrder(movements: Movement[]) {
  let balance: StockBalance = emptyBalance(SKU, STORE);
  return movements.map((movement) => {
    const outcome = applyMovement(balance, movement);
    balance = outcome.balance;
    return outcome;
  });
}

describe('selling into negative stock', () => {
  const [, oversold, deeper] = applyInOrder([
    receipt({ id: 'r1', quantity: 2, unitCost: '3.00' }),
    sale({ id: 's1', quantity: 5 }),
    sale({ id: 's2', quantity: 1 }),
  ]);

  it('records the sale, costing the missing units at the last known average', () => {
    expect(oversold.costOfGoodsSold).toBe(money('15'));
    expect(oversold.balance).toMatchObject({ onHand: -3, inventoryValue: money('-9'), averageUnitCost: money('3') });
    expect(oversold.alerts.map((alert) => alert.kind)).toEqual(['negative-stock']);
  });

  it('keeps value = on hand x average cost exactly, and alerts again as stock goes further negative', () => {
    expect(deeper.balance).toMatchObject({ onHand: -4, inventoryValue: money('-12') });
    expect(deeper.costOfGoodsSold).toBe(money('3'));
    expect(deeper.alerts).toMatchObject([{ kind: 'negative-stock', onHand: -4 }]);
  });

  it('re-bases on a receipt that brings stock back above zero and trues up cost of goods sold', () => {
    const recovered = applyMovement(deeper.balance, receipt({ id: 'r2', quantity: 10, unitCost: '5.00' }));
    // 4 of the 10 units replace units already sold at an estimated 3.00: 4 x 2.00 = 8.00 more cost.
    expect(recovered).toMatchObject({ quantityDelta: 10, valueDelta: money('42'), costOfGoodsSold: money('8') });
    expect(recovered.balance).toMatchObject({ onHand: 6, inventoryValue: money('30'), averageUnitCost: money('5') });
    // 6 units sold cost 2 x 3.00 + 4 x 5.00 = 26.00 in total, exactly what was recognised.
    expect(oversold.costOfGoodsSold + deeper.costOfGoodsSold + recovered.costOfGoodsSold).toBe(money('26'));
  });

  it('re-estimates the remaining shortfall at the new cost when a receipt leaves stock negative', () => {
    const partly = applyMovement(deeper.balance, receipt({ id: 'r2', quantity: 3, unitCost: '5.00' }));
    expect(partly.balance).toMatchObject({ onHand: -1, inventoryValue: money('-5'), averageUnitCost: money('5') });
    expect(partly).toMatchObject({ valueDelta: money('7'), costOfGoodsSold: money('8') });
  });

  it('takes returns and adjustments back at the last known cost', () => {
    const returned = applyMovement(deeper.balance, saleReturn({ id: 'x1', quantity: 1 }));
    expect(returned.balance).toMatchObject({ onHand: -3, inventoryValue: money('-9') });
    expect(returned.costOfGoodsSold).toBe(money('-3'));
    const adjusted = applyMovement(returned.balance, adjustment({ id: 'a1', quantity: 3, reasonCode: 'found' }));
    expect(adjusted.balance).toMatchObject({ onHand: 0, inventoryValue: 0n, averageUnitCost: money('3') });
    expect(adjusted.alerts).toEqual([]);
  });
});

describe('an item sold before it was ever received', () => {
  it('is costed at zero until the first receipt, which books the whole shortfall', () => {
    const [sold, received] = applyInOrder([sale({ id: 's1', quantity: 2 }), receipt({ id: 'r1', quantity: 5, unitCost: '4.00' })]);
    expect(sold).toMatchObject({ costOfGoodsSold: 0n, balance: { onHand: -2, inventoryValue: 0n } });
    expect(received).toMatchObject({ costOfGoodsSold: money('8'), balance: { onHand: 3, inventoryValue: money('12'), averageUnitCost: money('4') } });
  });
});

describe('selling out exactly', () => {
  it('leaves zero value and raises a stockout', () => {
    const [, soldOut] = applyInOrder([receipt({ id: 'r1', quantity: 3, unitCost: '3.3333' }), sale({ id: 's1', quantity: 3 })]);
    expect(soldOut.balance).toMatchObject({ onHand: 0, inventoryValue: 0n, averageUnitCost: money('3.3333') });
    expect(soldOut.alerts.map((alert) => alert.kind)).toEqual(['stockout']);
  });
});
