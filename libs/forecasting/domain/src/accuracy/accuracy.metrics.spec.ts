import { bias, meanAbsoluteScaledError, naiveErrorScale, rootMeanSquaredScaledError, summarizeErrors } from './accuracy.metrics';

describe('naiveErrorScale', () => {
  it('is the mean absolute and mean squared one-step naive error of the history', () => {
    // 2 4 3 7: naive errors 2, -1, 4 -> MAE 7/3, MSE (4 + 1 + 16) / 3 = 7.
    const scale = naiveErrorScale([2, 4, 3, 7]);
    expect(scale.meanAbsolute).toBeCloseTo(7 / 3, 12);
    expect(scale.meanSquared).toBe(7);
    expect(scale.basis).toBe('naive');
  });

  it('uses the seasonal lag when given', () => {
    // Lag 2 over 1 5 3 9: errors 3 - 1 = 2 and 9 - 5 = 4 -> MAE 3, MSE (4 + 16) / 2 = 10.
    expect(naiveErrorScale([1, 5, 3, 9], { seasonPeriod: 2 })).toEqual({ meanAbsolute: 3, meanSquared: 10, basis: 'naive' });
  });

  it('pairs each uncensored value with the previous uncensored one', () => {
    // 2 [0] 6 8 with t1 censored: errors 6 - 2 = 4 and 8 - 6 = 2 -> MAE 3, MSE 10.
    expect(naiveErrorScale([2, 0, 6, 8], { censored: [0, 1, 0, 0] })).toEqual({ meanAbsolute: 3, meanSquared: 10, basis: 'naive' });
  });

  it('falls back to the level for a constant history and to units for an all-zero one', () => {
    expect(naiveErrorScale([4, 4, 4])).toEqual({ meanAbsolute: 4, meanSquared: 16, basis: 'level' });
    expect(naiveErrorScale([0, 0])).toEqual({ meanAbsolute: 1, meanSquared: 1, basis: 'unit' });
  });
});

describe('scaled errors and bias', () => {
  // History 2 4 3 7 (naive MAE 7/3, MSE 7); actual 5 5 against forecast 4 7: errors 1 and -2.
  const history = [2, 4, 3, 7];

  it('MASE = MAE / naive MAE = 1.5 / (7/3) = 9/14', () => {
    expect(meanAbsoluteScaledError([5, 5], [4, 7], history)).toBeCloseTo(9 / 14, 12);
  });

  it('RMSSE = sqrt(MSE / naive MSE) = sqrt(2.5 / 7)', () => {
    expect(rootMeanSquaredScaledError([5, 5], [4, 7], history)).toBeCloseTo(Math.sqrt(2.5 / 7), 12);
  });

  it('bias = mean(actual - forecast) = (1 - 2) / 2 = -0.5 (over-forecast)', () => {
    expect(bias([5, 5], [4, 7])).toBe(-0.5);
  });

  it('leaves NaN actuals (unknown demand) out of every measure', () => {
    expect(summarizeErrors([5, Number.NaN, 5], [4, 100, 7])).toEqual({ count: 2, meanAbsolute: 1.5, meanSquared: 2.5, meanError: -0.5 });
    expect(summarizeErrors([Number.NaN], [1]).meanAbsolute).toBeNaN();
  });

  it('rejects actual and forecast of different lengths', () => {
    expect(() => summarizeErrors([1, 2], [1])).toThrow('actual has 2 periods, forecast 1');
  });
});
