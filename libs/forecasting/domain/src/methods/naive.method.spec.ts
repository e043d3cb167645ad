import fc from 'fast-check';
import { naiveForecast } from './naive.method';

describe('naiveForecast', () => {
  it('repeats the last value; in-sample errors are each value minus the one before', () => {
    // history 3 5 4: forecast 4 4; errors: t0 none, t1 5 - 3 = 2, t2 4 - 5 = -1.
    const result = naiveForecast([3, 5, 4], { horizon: 2 });
    expect(Array.from(result.pointForecast)).toEqual([4, 4]);
    expect(Array.from(result.inSampleErrors)).toEqual([Number.NaN, 2, -1]);
    expect(result.params).toEqual({ lastValue: 4 });
    expect(result.fallback).toBeUndefined();
  });

  it('carries the last uncensored value past a stock-out', () => {
    // t2 is a stock-out recorded as 0: the forecast is t1's 5, and t2 has no error.
    const result = naiveForecast([3, 5, 0], { horizon: 1, censored: [0, 0, 1] });
    expect(Array.from(result.pointForecast)).toEqual([5]);
    expect(Array.from(result.inSampleErrors)).toEqual([Number.NaN, 2, Number.NaN]);
  });

  it('forecasts zero, flagged, when nothing was observed', () => {
    expect(naiveForecast([], { horizon: 2 })).toMatchObject({ fallback: { reason: 'no-observations', rule: 'zero' } });
    expect(Array.from(naiveForecast([4], { horizon: 1, censored: [1] }).pointForecast)).toEqual([0]);
  });

  it('rejects a negative or fractional horizon', () => {
    expect(() => naiveForecast([1], { horizon: -1 })).toThrow('horizon must be a non-negative integer');
    expect(() => naiveForecast([1], { horizon: 1.5 })).toThrow('horizon must be a non-negative integer');
  });

  it('forecasts the last value, finite and non-negative, for any non-negative history', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 14 }), (history, horizon) => {
        const forecast = naiveForecast(history, { horizon }).pointForecast;
        return forecast.length === horizon && forecast.every((value) => value === history[history.length - 1]);
      }),
    );
  });
});
