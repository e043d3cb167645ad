import { prepareSeries } from '../series/demand-series';
import { ValidationErrors, selectionError } from './validation-errors';

describe('ValidationErrors', () => {
  it('scores forecasts against the periods after each origin, skipping censored ones', () => {
    // Series 1 2 3 4 5 6 with t4 censored. Origin 3 forecast 5 5 5: t3 error -1, t4 skipped,
    // t5 error 1 -> MAE 1, MSE 1 over 2 periods.
    const series = prepareSeries([1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 1, 0]);
    const errors = new ValidationErrors('x');
    errors.add(series, 3, Float64Array.of(5, 5, 5));
    expect(errors.score()).toEqual({ label: 'x', meanAbsoluteError: 1, meanSquaredError: 1, periods: 2 });
  });

  it('scores an unscored candidate as infinitely bad', () => {
    expect(new ValidationErrors('y').score().meanSquaredError).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('selectionError', () => {
  const baseline = { label: 'naive', meanAbsoluteError: 2, meanSquaredError: 16, periods: 4 };
  const candidate = { label: 'ses', meanAbsoluteError: 1, meanSquaredError: 4, periods: 4 };

  it('compares by MAE, MSE, or the sum of MAE and RMSE relative to the baseline', () => {
    expect(selectionError(candidate, baseline, 'mae')).toBe(1);
    expect(selectionError(candidate, baseline, 'mse')).toBe(4);
    // 1 / 2 + sqrt(4) / sqrt(16) = 0.5 + 0.5
    expect(selectionError(candidate, baseline, 'balanced')).toBe(1);
    expect(selectionError(baseline, baseline, 'balanced')).toBe(2);
  });

  it('with a perfect baseline, only an equally perfect candidate ties it', () => {
    const perfect = { label: 'naive', meanAbsoluteError: 0, meanSquaredError: 0, periods: 4 };
    expect(selectionError(perfect, perfect, 'balanced')).toBe(2);
    expect(selectionError(candidate, perfect, 'balanced')).toBe(Number.POSITIVE_INFINITY);
  });
});
