import { ForecastingError } from '../forecasting.error';
import { countObserved, lastObservedIndex, meanOfFirstObserved, prepareSeries, truncateSeries } from './demand-series';

describe('prepareSeries', () => {
  it('uses a Float64Array as is and copies a plain array once', () => {
    const buffer = Float64Array.of(1, 2, 3);
    expect(prepareSeries(buffer).values).toBe(buffer);
    expect(Array.from(prepareSeries([1, 2, 3]).values)).toEqual([1, 2, 3]);
  });

  it('rejects a non-finite demand, naming the period', () => {
    expect(() => prepareSeries([1, Number.NaN, 3])).toThrow(ForecastingError);
    expect(() => prepareSeries([1, Number.POSITIVE_INFINITY])).toThrow('history[1] must be a finite number');
  });

  it('turns any truthy censoring flag into 1 and an all-clear mask into null', () => {
    expect(Array.from(prepareSeries([1, 2, 3], [false, true, false]).censored ?? [])).toEqual([0, 1, 0]);
    expect(Array.from(prepareSeries([1, 2, 3], [0, 2, 0]).censored ?? [])).toEqual([0, 1, 0]);
    expect(prepareSeries([1, 2, 3], [0, 0, 0]).censored).toBeNull();
  });

  it('rejects a censoring mask of another length', () => {
    try {
      prepareSeries([1, 2, 3], [0, 1]);
      throw new Error('expected a ForecastingError');
    } catch (error) {
      expect((error as ForecastingError).code).toBe('FORECAST.CENSORING_LENGTH_MISMATCH');
    }
  });
});

describe('series helpers', () => {
  // values 5 7 9 11, period 1 and 3 censored: observed are 5 (t0) and 9 (t2).
  const series = prepareSeries([5, 7, 9, 11], [0, 1, 0, 1]);

  it('counts only uncensored periods', () => {
    expect(countObserved(series)).toBe(2);
    expect(countObserved(prepareSeries([1, 2]))).toBe(2);
  });

  it('finds the last uncensored period', () => {
    expect(lastObservedIndex(series)).toBe(2);
    expect(lastObservedIndex(series, 2)).toBe(0);
    expect(lastObservedIndex(prepareSeries([1], [1]))).toBe(-1);
  });

  it('averages the first uncensored values: (5 + 9) / 2 = 7', () => {
    expect(meanOfFirstObserved(series, 2)).toBe(7);
    expect(meanOfFirstObserved(series, 1)).toBe(5);
    expect(meanOfFirstObserved(prepareSeries([1], [1]), 3)).toBeNaN();
  });

  it('truncates to a prefix view of the same buffers, clamped to the length', () => {
    const prefix = truncateSeries(series, 2);
    expect(prefix.values).toBe(series.values);
    expect(prefix.length).toBe(2);
    expect(countObserved(prefix)).toBe(1);
    expect(truncateSeries(series, 99).length).toBe(4);
    expect(truncateSeries(series, -1).length).toBe(0);
  });
});
