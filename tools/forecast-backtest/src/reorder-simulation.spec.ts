import { type PolicySimulationSettings, SAFETY_STOCK_BASES, simulateReorderPolicy, simulatedPeriods } from './reorder-simulation';

const SETTINGS: PolicySimulationSettings = { serviceLevel: 0.95, leadTimePeriods: 7, reviewPeriods: 7, reviews: 8, automatic: { seasonPeriod: 7 } };

function steadySeries(days: number, perDay: number) {
  return { id: 'steady', values: new Float64Array(days).fill(perDay), censored: null };
}

describe('simulateReorderPolicy', () => {
  it('plays the last reviews x review period days', () => {
    expect(simulatedPeriods(SETTINGS)).toBe(56);
  });

  it('serves steady demand in full: the level covers lead time plus review, every cycle is clean', () => {
    // 10 a day, no error: S = 10 * (7 + 7) = 140 at every review, nothing short.
    const outcomes = simulateReorderPolicy(steadySeries(150, 10), SETTINGS);
    for (const basis of SAFETY_STOCK_BASES) {
      const outcome = outcomes[basis];
      expect(outcome.demand).toBe(560);
      expect(outcome.filled).toBe(560);
      // Cycles end at the arrivals of the orders of reviews 1..7: the first one is two weeks.
      expect(outcome.cycles).toBe(7);
      expect(outcome.cyclesWithoutShortage).toBe(7);
      expect(outcome.cyclesWithDemand).toBe(7);
      expect(outcome.periods).toBe(56);
      // The stock runs down from 140 to 70 over the first two weeks, then cycles 70 -> 0... plus arrivals.
      expect(outcome.onHandSum / outcome.periods).toBeGreaterThan(0);
    }
  });

  it('loses what a spike beyond the stock asks for, and marks that cycle short', () => {
    const series = steadySeries(150, 10);
    // Day 20 of the 56 simulated (in the third cycle): 500 units wanted, far beyond the stock.
    series.values[150 - 56 + 20] = 500;
    const outcome = simulateReorderPolicy(series, SETTINGS)['in-sample errors'];
    expect(outcome.demand).toBe(560 - 10 + 500);
    expect(outcome.filled).toBeLessThan(outcome.demand);
    expect(outcome.cyclesWithoutShortage).toBeLessThan(outcome.cycles);
  });

  it('plays true demand where the series knows it, sales where not', () => {
    const series = { ...steadySeries(150, 10), demand: new Float64Array(150).fill(12) };
    const outcome = simulateReorderPolicy(series, SETTINGS)['error profile'];
    expect(outcome.demand).toBe(12 * 56);
  });
});
