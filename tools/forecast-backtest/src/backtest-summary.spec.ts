import type { ErrorTotals, SeriesBacktest } from './backtest.runner';
import { summarizeBacktest } from './backtest-summary';

function result(id: string, scale: number, totals: Record<string, ErrorTotals>, choices: Record<string, number>): SeriesBacktest {
  const seconds = new Map(Object.keys(totals).map((label) => [label, 0.5]));
  return { id, scale: { meanAbsolute: scale, meanSquared: scale * scale, basis: 'naive' }, errors: new Map(Object.entries(totals)), choices: new Map(Object.entries(choices)), seconds, origins: 2 };
}

const totals = (absolute: number, squared: number, signed: number): ErrorTotals => ({ absolute, squared, signed, periods: 2 });

describe('summarizeBacktest', () => {
  // Two series, two holdout periods each.
  //   series 1 (scale 2): naive MAE 4 -> MASE 2;  ses MAE 1 -> 0.5;  automatic MAE 1 -> 0.5
  //   series 2 (scale 1): naive MAE 1 -> MASE 1;  ses MAE 2 -> 2;    automatic MAE 1 -> 1
  // Means: naive 1.5, ses 1.25, automatic 0.75. RMSSE: sqrt(MSE / scale^2).
  const results = [
    result('1', 2, { naive: totals(8, 32, 8), ses: totals(2, 2, -2), automatic: totals(2, 2, -2) }, { ses: 3 }),
    result('2', 1, { naive: totals(2, 2, 0), ses: totals(4, 8, 4), automatic: totals(2, 2, 0) }, { naive: 2, ses: 1 }),
  ];
  const summary = summarizeBacktest(results);

  it('averages per-series MASE, RMSSE and scaled bias over series', () => {
    const byLabel = Object.fromEntries(summary.methods.map((m) => [m.label, m]));
    expect(byLabel['naive'].meanMase).toBe(1.5);
    expect(byLabel['ses'].meanMase).toBe(1.25);
    expect(byLabel['automatic'].meanMase).toBe(0.75);
    expect(byLabel['ses'].medianMase).toBe(1.25);
    // naive RMSSE: series 1 sqrt(16 / 4) = 2, series 2 sqrt(1 / 1) = 1 -> 1.5.
    expect(byLabel['naive'].meanRmsse).toBe(1.5);
    // ses scaled bias: series 1 (-1 / 2) = -0.5, series 2 (2 / 1) = 2 -> 0.75.
    expect(byLabel['ses'].meanScaledBias).toBe(0.75);
    expect(byLabel['ses'].medianScaledBias).toBe(0.75);
    // Two series of two origins each in 0.5 + 0.5 s.
    expect(byLabel['ses'].forecastsPerSecond).toBe(4);
    // ses beats naive on series 1 only.
    expect(byLabel['ses'].shareBeatingNaive).toBe(0.5);
  });

  it('compares the automatic choice with naive and the best single method in hindsight', () => {
    expect(summary.bestInHindsight.label).toBe('ses');
    expect(summary.automaticGapToBest).toBeCloseTo(0.75 / 1.25 - 1, 12);
    expect(summary.automaticBeatsNaive).toBe(true);
    expect(summary.seasonalNaive).toBeUndefined();
    expect(summary.choiceCounts).toEqual({ ses: 4, naive: 2 });
    expect(summary.seriesCount).toBe(2);
  });

  it('bounds the 80 % coverage by the share of periods without demand, and scores it apart on series with demand', () => {
    const scored = (inside80: number, zeroDemand: number): ErrorTotals => ({ absolute: 1, squared: 1, signed: 0, periods: 10, inside80, zeroDemand });
    // Series 1: nine of ten periods without demand, an interval holding zero covers at least 90 %.
    // Series 2: two of ten, 80 % is within reach and the interval covered 7.
    const coverage = summarizeBacktest([
      result('1', 1, { naive: scored(9, 9), automatic: scored(9, 9) }, {}),
      result('2', 1, { naive: scored(7, 2), automatic: scored(7, 2) }, {}),
    ]).automatic;
    expect(coverage.coverage80).toBeCloseTo(0.8, 12);
    expect(coverage.coverage80Floor).toBeCloseTo((9 + 8) / 20, 12);
    expect(coverage.coverage80SeriesWithDemand).toBeCloseTo(0.7, 12);
  });

  it('refuses results without the naive method or the automatic choice', () => {
    expect(() => summarizeBacktest([result('1', 1, { ses: totals(1, 1, 1) }, {})])).toThrow('BACKTEST.MISSING_METHOD');
  });
});
