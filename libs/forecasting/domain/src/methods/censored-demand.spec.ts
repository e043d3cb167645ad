/**
 * Properties every method shares: forecasts are finite and non-negative for non-negative demand,
 * a constant series forecasts the constant, zeros forecast zero, and stock-outs flagged as censored
 * do not drag the forecast down.
 */
import fc from 'fast-check';
import { FORECAST_METHOD_NAMES, forecastWith } from './method-registry';

const METHODS = FORECAST_METHOD_NAMES;

describe('properties of every forecasting method', () => {
  it('forecasts are finite and non-negative for any non-negative history', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METHODS),
        fc.array(fc.nat(200), { minLength: 0, maxLength: 70 }),
        fc.array(fc.boolean(), { minLength: 70, maxLength: 70 }),
        (method, history, flags) => {
          const censored = flags.slice(0, history.length);
          const forecast = forecastWith(method, history, { horizon: 10, censored }).pointForecast;
          return forecast.length === 10 && forecast.every((value) => Number.isFinite(value) && value >= 0);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a constant series forecasts the constant', () => {
    fc.assert(
      fc.property(fc.constantFrom(...METHODS), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 60 }), (method, level, length) => {
        const forecast = forecastWith(method, new Array<number>(length).fill(level), { horizon: 7 }).pointForecast;
        return forecast.every((value) => Math.abs(value - level) < 1e-9 * level);
      }),
    );
  });

  it('an all-zero series forecasts zero', () => {
    for (const method of METHODS) {
      expect(Array.from(forecastWith(method, new Array<number>(40).fill(0), { horizon: 3 }).pointForecast)).toEqual([0, 0, 0]);
    }
  });

  it('constant demand with censored stock-outs (sales below demand) still forecasts the constant', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METHODS),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.boolean(), { minLength: 21, maxLength: 60 }),
        fc.nat(),
        (method, level, stockOut, seed) => {
          // Keep the first day in stock so that every method has something to start from.
          stockOut[0] = false;
          // On a stock-out day some of the demand was sold before the shelf emptied, or none.
          const history = stockOut.map((out, t) => (out ? (seed + t) % level : level));
          const forecast = forecastWith(method, history, { horizon: 7, censored: stockOut }).pointForecast;
          return forecast.every((value) => Math.abs(value - level) < 1e-9 * level);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the same stock-outs left unflagged do drag a smoothing forecast down', () => {
    const history = [10, 10, 10, 10, 10, 10, 10, 0, 0, 0, 10, 0, 0, 0];
    const censored = history.map((value) => value === 0);
    for (const method of ['simple-exponential-smoothing', 'moving-average', 'croston', 'tsb'] as const) {
      expect(forecastWith(method, history, { horizon: 1, censored }).pointForecast[0]).toBeCloseTo(10, 9);
      expect(forecastWith(method, history, { horizon: 1 }).pointForecast[0]).toBeLessThan(9);
    }
  });
});
