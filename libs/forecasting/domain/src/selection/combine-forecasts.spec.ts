import type { ForecastResult } from '../methods/forecast-method.types';
import type { MethodParams } from '../methods/method-registry';
import { meanForecast } from './combine-forecasts';

const result = (method: 'naive' | 'tsb', points: number[], errors: number[]): ForecastResult<MethodParams> => ({
  method,
  pointForecast: Float64Array.from(points),
  params: { lastValue: 0 },
  inSampleErrors: Float64Array.from(errors),
});

describe('meanForecast', () => {
  it('averages the point forecasts and the in-sample errors period by period', () => {
    const combined = meanForecast([result('naive', [2, 4], [Number.NaN, 1, -3]), result('tsb', [4, 8], [0, 3, 1])]);
    expect(Array.from(combined.pointForecast)).toEqual([3, 6]);
    // Where one member had no forecast yet the combination had none either.
    expect(Number.isNaN(combined.inSampleErrors[0])).toBe(true);
    expect(Array.from(combined.inSampleErrors.subarray(1))).toEqual([2, -1]);
    expect(combined.method).toBe('naive');
  });

  it('returns a single member unchanged and refuses an empty or mismatched list', () => {
    const only = result('tsb', [1], [0]);
    expect(meanForecast([only])).toBe(only);
    expect(() => meanForecast([])).toThrow('at least one');
    expect(() => meanForecast([only, result('naive', [1, 2], [0])])).toThrow('periods');
  });
});
