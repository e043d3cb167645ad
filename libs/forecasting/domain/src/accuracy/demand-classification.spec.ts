import { classifyDemand } from './demand-classification';

describe('classifyDemand', () => {
  it('smooth: demand every period, sizes steady', () => {
    expect(classifyDemand([5, 6, 5, 4])).toMatchObject({ demandClass: 'smooth', averageDemandInterval: 1 });
  });

  it('erratic: demand every period, sizes vary (1 9 1 9: mean 5, variance 16, CV² 0.64 ≥ 0.49)', () => {
    const result = classifyDemand([1, 9, 1, 9]);
    expect(result.demandClass).toBe('erratic');
    expect(result.squaredCoefficientOfVariation).toBeCloseTo(0.64, 12);
  });

  it('intermittent: 2 demands in 6 periods (ADI 3 ≥ 1.32), equal sizes (CV² 0)', () => {
    expect(classifyDemand([0, 0, 3, 0, 3, 0])).toMatchObject({ demandClass: 'intermittent', averageDemandInterval: 3, squaredCoefficientOfVariation: 0 });
  });

  it('lumpy: gaps and varying sizes (0 1 0 9: ADI 2, CV² 0.64)', () => {
    expect(classifyDemand([0, 1, 0, 9]).demandClass).toBe('lumpy');
  });

  it('no-demand when nothing sold', () => {
    expect(classifyDemand([0, 0, 0])).toMatchObject({ demandClass: 'no-demand', averageDemandInterval: Number.POSITIVE_INFINITY });
  });

  it('does not count censored zeros as periods without demand', () => {
    // 4 0 4 0 with both zeros stock-outs: 2 observed periods, both with demand -> smooth.
    expect(classifyDemand([4, 0, 4, 0], { censored: [0, 1, 0, 1] })).toMatchObject({ demandClass: 'smooth', observedPeriods: 2, demandPeriods: 2 });
    expect(classifyDemand([4, 0, 4, 0]).demandClass).toBe('intermittent');
  });
});
