import { syntheticSeries } from './backtest-datasets';
import { DAILY_POLICY_SIMULATION, dailyDatasets, formatPolicySimulation, simulateDataset } from './policy-simulation-report';

describe('the reorder policy simulation over a data set', () => {
  const report = simulateDataset('synthetic', syntheticSeries(24, 5), { sample: 20 });

  it('simulates a seeded sample of the eligible series with both safety stock bases', () => {
    expect(report.seriesSimulated).toBe(20);
    expect(report.settings).toBe(DAILY_POLICY_SIMULATION);
    expect(report.results.map((result) => result.basis)).toEqual(['error profile', 'error profile, measured shape', 'in-sample errors']);
    for (const result of report.results) {
      for (const rate of [result.meanFillRate, result.pooledFillRate, result.cycleServiceLevel, result.cycleServiceLevelWithDemand]) {
        expect(rate).toBeGreaterThan(0.5);
        expect(rate).toBeLessThanOrEqual(1);
      }
      expect(result.daysOfStock).toBeGreaterThan(0);
    }
  });

  it('runs on daily sets only, and prints one row per set and basis', () => {
    expect(dailyDatasets(['carparts', 'synthetic', 'online-retail'])).toEqual(['synthetic', 'online-retail']);
    const text = formatPolicySimulation([report]);
    expect(text).toContain('| synthetic | 20 | error profile |');
    expect(text).toContain('| synthetic | 20 | in-sample errors |');
    expect(formatPolicySimulation([])).toBe('');
  });
});
