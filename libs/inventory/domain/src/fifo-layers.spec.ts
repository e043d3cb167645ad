// The layer rules of fifo-layers.ts worked by hand, on pools built directly.
import { ZERO_MONEY } from '@ledgerline/money';
import { FifoLayer, addAtLastCost, addLayer, correctHeldUnits, fifoPool, takeOldestFirst } from './index';
import { money } from '../test/movement-builders';

const layer = (receivedAt: number, units: number, value: string): FifoLayer => ({ receivedAt, units, value: money(value) });
const poolOf = (...layers: FifoLayer[]) => fifoPool(layers, layers.reduce((sum, each) => sum + each.units, 0), ZERO_MONEY);

describe('fifo layers', () => {
  it('keeps the last cost of the newest layer, and of the newest there was once none is open', () => {
    const pool = poolOf(layer(1, 2, '2.00'), layer(2, 3, '10.0000'));
    expect(pool).toMatchObject({ units: 5, value: money('12.00'), lastCost: money('3.3333') });
    const emptied = takeOldestFirst(pool, 5, 9).pool;
    expect(emptied).toEqual({ layers: [], units: 0, value: 0n, lastCost: money('3.3333') });
  });

  it('merges a new layer into the newest only at exactly the same unit cost, not the same rounded one', () => {
    const pool = poolOf(layer(1, 3, '10.0000'));
    expect(addLayer(pool, 3, money('10.0000'), 2).pool.layers).toEqual([layer(1, 6, '20.0000')]);
    // 3.3333 x 1 rounds like 10.0000 / 3, but is not the same cost.
    expect(addLayer(pool, 1, money('3.3333'), 2).pool.layers).toEqual([layer(1, 3, '10.0000'), layer(2, 1, '3.3333')]);
  });

  it('returns the elements taken, oldest first, adding up to the value removed, with units beyond the layers at the last cost', () => {
    const removal = takeOldestFirst(poolOf(layer(1, 2, '1.00'), layer(2, 3, '10.0000')), 7, 9);
    expect(removal.taken).toEqual([
      { units: 2, totalCost: money('1.00'), receivedAt: 1 },
      { units: 3, totalCost: money('10.0000'), receivedAt: 2 },
      { units: 2, totalCost: money('6.6666'), receivedAt: 9 },
    ]);
    expect(removal.removedValue).toBe(money('17.6666'));
    expect(removal.pool).toEqual({ layers: [], units: -2, value: money('-6.6666'), lastCost: money('3.3333') });
  });

  it('adds at the last cost into negative stock without a true-up, opening a layer for the units beyond the hole', () => {
    const negative = fifoPool([], -2, money('1.50'));
    const added = addAtLastCost(negative, 5, 3);
    expect(added).toEqual({ pool: { layers: [layer(3, 3, '4.50')], units: 3, value: money('4.50'), lastCost: money('1.50') }, addedValue: money('7.50'), trueUp: 0n });
  });

  it('spreads a correction over several runs with one rounding of the running total per part, so the parts add up to it', () => {
    const pool = poolOf(layer(1, 3, '3.00'), layer(2, 3, '3.00'));
    const corrected = correctHeldUnits(
      pool,
      [
        { from: 5, units: 1 },
        { from: 0, units: 1 },
        { from: 3, units: 1 },
      ],
      money('1.00'),
    );
    expect(corrected.absorbed).toBe(money('1.00'));
    // Cut at each run's edges; the parts held take 0.3333, 0.3334 (0.6667 - 0.3333) and 0.3333.
    expect(corrected.pool.layers).toEqual([layer(1, 1, '1.3333'), layer(1, 2, '2.00'), layer(2, 1, '1.3334'), layer(2, 1, '1.00'), layer(2, 1, '1.3333')]);
  });

  it('takes no part below zero on a lowering correction and returns what it could not absorb', () => {
    const corrected = correctHeldUnits(poolOf(layer(1, 2, '0.50'), layer(2, 2, '4.00')), [{ from: 0, units: 2 }], money('-1.00'));
    expect(corrected.absorbed).toBe(money('-0.50'));
    expect(corrected.pool.layers).toEqual([layer(1, 2, '0'), layer(2, 2, '4.00')]);
  });

  it('refuses runs outside the units held, and layers that do not hold the pool\'s units', () => {
    expect(() => correctHeldUnits(poolOf(layer(1, 2, '1.00')), [{ from: 1, units: 2 }], money('1.00'))).toThrow(/not all held/);
    expect(() => fifoPool([layer(1, 2, '1.00')], 3, ZERO_MONEY)).toThrow(/hold 2 units, the pool 3/);
    expect(() => fifoPool([], 1, ZERO_MONEY)).toThrow(/needs layers/);
  });
});
