// Changing an item's valuation method, worked by hand: no figure changes either way, and what the
// key does next follows the new method from the figures it had.
import { StockBalance, applyAllOnce, balanceAtChangeToAverage, balanceOf, emptyBalance, emptyLedger, landedCostVarianceId, layersAtChangeToFifo } from './index';
import { SKU, STORE, WAREHOUSE, at, landedCost, money, receipt, sale, transferIn } from '../test/movement-builders';
import { applyAllToFifoKey, emptyFifoKey } from '../test/fifo-key';

const averaged = (...movements: Parameters<typeof applyAllOnce>[1]) => balanceOf(applyAllOnce(emptyLedger(), movements), SKU, STORE);

describe('changing an item from moving average to FIFO', () => {
  it('turns on hand into one layer of its units and exact value, dated at the change, leaving the balance as it was', () => {
    const balance = averaged(receipt({ id: 'r1', quantity: 3, unitCost: '1.00' }), receipt({ id: 'r2', quantity: 4, unitCost: '2.5001', minute: 1 }));
    expect(layersAtChangeToFifo(balance, at(10))).toEqual({ onHand: [{ receivedAt: at(10), units: 7, value: money('13.0004') }], inTransit: [] });
  });

  it('opens no layer at or below zero: the average\'s last known cost becomes the last cost', () => {
    const balance = averaged(receipt({ id: 'r1', quantity: 2, unitCost: '1.25' }), sale({ id: 's1', quantity: 5, minute: 1 }), transferIn({ id: 'ti1', quantity: 2, fromLocationId: WAREHOUSE, minute: 2 }));
    expect(balance).toMatchObject({ onHand: -1, inventoryValue: money('-1.25'), inTransit: -2, inTransitValue: money('-2.50') });
    const layers = layersAtChangeToFifo(balance, at(10));
    expect(layers).toEqual({ onHand: [], inTransit: [] });
    // The next sale goes on from the same last cost, 1.25.
    const key = applyAllToFifoKey(emptyFifoKey(SKU, STORE, { balance, layers }), [sale({ id: 's2', quantity: 1, minute: 11 })]);
    expect(key.balance).toMatchObject({ onHand: -2, inventoryValue: money('-2.50'), averageUnitCost: money('1.25') });
  });

  it('lets a landed cost for a receipt made under the average revalue that receipt\'s units inside the layer the change opened', () => {
    const movements = [receipt({ id: 'r1', quantity: 10, unitCost: '1.00' }), receipt({ id: 'r2', quantity: 10, unitCost: '2.00', minute: 1 })];
    const ledger = applyAllOnce(emptyLedger(), movements);
    const balance = balanceOf(ledger, SKU, STORE);
    const start = emptyFifoKey(SKU, STORE, { balance, layers: layersAtChangeToFifo(balance, at(10)), history: ledger.entries });
    const key = applyAllToFifoKey(start, [sale({ id: 's1', quantity: 5, minute: 11 }), landedCost({ id: 'lc1', receiptMovementId: 'r2', amount: '10.00', minute: 12 })]);
    // The layer of 20 units worth 30.00 lost its 5 oldest (7.50); r2's 10 units are the newest 10 of the 15 left.
    expect(key.layers.onHand).toEqual([
      { receivedAt: at(10), units: 5, value: money('7.50') },
      { receivedAt: at(10), units: 10, value: money('25.00') },
    ]);
    expect(key.entries.map((entry) => entry.movement.movementId)).not.toContain(landedCostVarianceId('lc1'));
  });
});

describe('changing an item from FIFO to moving average', () => {
  it('collapses the layers into the pool: the value is their sum and the average is that value over the units', () => {
    const key = applyAllToFifoKey(emptyFifoKey(SKU, STORE), [receipt({ id: 'r1', quantity: 1, unitCost: '1.00' }), receipt({ id: 'r2', quantity: 2, unitCost: '4.5001', minute: 1 })]);
    expect(key.layers.onHand).toHaveLength(2);
    const balance = balanceAtChangeToAverage(key.balance, key.layers);
    expect(balance).toEqual(key.balance);
    expect(balance).toMatchObject({ onHand: 3, inventoryValue: money('10.0002'), averageUnitCost: money('3.3334') });
  });

  it('refuses layers that disagree with the balance', () => {
    const balance: StockBalance = { ...emptyBalance(SKU, STORE), onHand: 1, inventoryValue: money('1.00'), averageUnitCost: money('1.00') };
    expect(() => balanceAtChangeToAverage(balance, { onHand: [{ receivedAt: 0, units: 1, value: money('2.00') }], inTransit: [] })).toThrow(/worth 20000, the balance records 10000/);
  });
});
