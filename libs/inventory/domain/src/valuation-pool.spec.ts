// The pool arithmetic behind every valuation, checked on its own.
import { addAtAverageCost, addAtKnownCost, removeAtAverageCost } from './valuation-pool';

const pool = (units: number, value: bigint, unitCost: bigint) => ({ units, value, unitCost });

describe('valuation pool', () => {
  it('removes a proportional share of value from a positive pool', () => {
    expect(removeAtAverageCost(pool(7, 100_000n, 14_286n), 3)).toEqual({ pool: pool(4, 57_143n, 14_286n), removedValue: 42_857n });
  });

  it('costs units beyond the pool at the last known cost', () => {
    expect(removeAtAverageCost(pool(2, 60_000n, 30_000n), 5)).toEqual({ pool: pool(-3, -90_000n, 30_000n), removedValue: 150_000n });
    expect(removeAtAverageCost(pool(-3, -90_000n, 30_000n), 1)).toEqual({ pool: pool(-4, -120_000n, 30_000n), removedValue: 30_000n });
  });

  it('adds at average cost, whatever the sign of the pool', () => {
    expect(addAtAverageCost(pool(4, 120_000n, 30_000n), 2)).toEqual({ pool: pool(6, 180_000n, 30_000n), addedValue: 60_000n, trueUp: 0n });
    expect(addAtAverageCost(pool(-4, -120_000n, 30_000n), 6)).toEqual({ pool: pool(2, 60_000n, 30_000n), addedValue: 180_000n, trueUp: 0n });
  });

  it('adds a known cost to an empty pool without any true-up', () => {
    expect(addAtKnownCost(pool(0, 0n, 10_000n), 3, 100_000n)).toEqual({ pool: pool(3, 100_000n, 33_333n), addedValue: 100_000n, trueUp: 0n });
  });

  it('re-bases a negative pool at the new cost and returns the true-up', () => {
    // 4 short at 3.00 (value -12.00); 10 arrive for 50.00: 6 stay (30.00), true-up 50 - 42 = 8.00.
    expect(addAtKnownCost(pool(-4, -120_000n, 30_000n), 10, 500_000n)).toEqual({
      pool: pool(6, 300_000n, 50_000n),
      addedValue: 420_000n,
      trueUp: 80_000n,
    });
  });
});
