import { distributionMean } from './demand-distribution';
import { seededRandom } from './seeded-random';
import { intermittentDemand, smoothWeeklyDemand, storeItemDemand } from './synthetic-demand';

describe('synthetic demand', () => {
  it('smooth weekly demand: whole units, a demand every day for a level of 5 or more', () => {
    const values = smoothWeeklyDemand(70, seededRandom(1));
    expect(values).toHaveLength(70);
    expect(values.every((value) => Number.isInteger(value) && value >= 0)).toBe(true);
    expect(values.filter((value) => value > 0).length).toBeGreaterThan(60);
  });

  it('intermittent demand: whole units with many zero days', () => {
    const values = intermittentDemand(365, seededRandom(2));
    expect(values.every((value) => Number.isInteger(value) && value >= 0)).toBe(true);
    expect(values.filter((value) => value === 0).length).toBeGreaterThan(365 * 0.55);
  });

  it('store items: stock-out days are flagged and sell no more than half the usual', () => {
    const random = seededRandom(3);
    let stockOutDays = 0;
    for (let i = 0; i < 50; i++) {
      const { demand, sales, stockOut } = storeItemDemand(365, random);
      expect(sales).toHaveLength(365);
      // Sales fall short of demand on stock-out days only.
      expect(sales.every((value, t) => (stockOut[t] === 1 ? value <= demand[t] : value === demand[t]))).toBe(true);
      expect(stockOut).toHaveLength(365);
      expect(sales.every((value) => Number.isInteger(value) && value >= 0)).toBe(true);
      stockOutDays += stockOut.reduce((sum, flag) => sum + flag, 0);
    }
    // About one episode of 1-5 days (mean 3) every 40 days: roughly 7% of days.
    expect(stockOutDays / (50 * 365)).toBeGreaterThan(0.03);
    expect(stockOutDays / (50 * 365)).toBeLessThan(0.12);
  });

  it('each day is drawn from the distribution the item reports for it', () => {
    const random = seededRandom(4);
    let demandTotal = 0;
    let expectedTotal = 0;
    let unlikelyDays = 0;
    let worstTotalProbability = 0;
    for (let i = 0; i < 200; i++) {
      const { demand, dayDistribution } = storeItemDemand(365, random);
      for (let t = 0; t < demand.length; t++) {
        const distribution = dayDistribution(t);
        const total = distribution.probabilities.reduce((sum, value) => sum + value, 0);
        worstTotalProbability = Math.max(worstTotalProbability, Math.abs(total - 1));
        // Every drawn value is one the distribution gives a positive probability.
        const at = distribution.values.indexOf(demand[t]);
        if (at < 0 || distribution.probabilities[at] <= 0) unlikelyDays++;
        demandTotal += demand[t];
        expectedTotal += distributionMean(distribution);
      }
    }
    expect(worstTotalProbability).toBeLessThan(1e-12);
    expect(unlikelyDays).toBe(0);
    // 73,000 days: the drawn total is within half a percent of the expected one.
    expect(Math.abs(demandTotal / expectedTotal - 1)).toBeLessThan(0.005);
  });
});
