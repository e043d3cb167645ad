import { crostonForecast } from './croston.method';
import { tsbForecast } from './tsb.method';

describe('tsbForecast', () => {
  it('smooths the demand probability every period and the size on demand (alpha 0.5, beta 0.5)', () => {
    // History 0 4 0 2. Start: probability 2/4 = 0.5, size (4 + 2) / 2 = 3; forecast p * size.
    // t0: f = 0.5 * 3 = 1.5,         e = -1.5,     p = 0.5 - 0.25 = 0.25
    // t1: f = 0.25 * 3 = 0.75,       e = 3.25,     p = 0.25 + 0.5 * 0.75 = 0.625, size 3 + 0.5 (4 - 3) = 3.5
    // t2: f = 0.625 * 3.5 = 2.1875,  e = -2.1875,  p = 0.3125
    // t3: f = 0.3125 * 3.5 = 1.09375, e = 0.90625, p = 0.3125 + 0.5 * 0.6875 = 0.65625, size 3.5 + 0.5 (2 - 3.5) = 2.75
    // Forecast 0.65625 * 2.75 = 1.8046875.
    const result = tsbForecast([0, 4, 0, 2], { horizon: 2, alpha: 0.5, beta: 0.5 });
    expect(Array.from(result.pointForecast)).toEqual([1.8046875, 1.8046875]);
    expect(Array.from(result.inSampleErrors)).toEqual([-1.5, 3.25, -2.1875, 0.90625]);
    expect(result.params).toEqual({ alpha: 0.5, beta: 0.5, finalSize: 2.75, finalProbability: 0.65625 });
  });

  it('fades out an item that stopped selling, where Croston keeps its last rate', () => {
    const history = [...Array.from({ length: 30 }, (_, t) => (t % 3 === 0 ? 6 : 0)), ...new Array<number>(40).fill(0)];
    const tsb = tsbForecast(history, { horizon: 1, alpha: 0.2, beta: 0.1 }).pointForecast[0];
    const croston = crostonForecast(history, { horizon: 1, alpha: 0.2 }).pointForecast[0];
    // 40 zeros shrink the probability by 0.9^40 ≈ 0.015.
    expect(tsb).toBeLessThan(0.1);
    expect(croston).toBeGreaterThan(1);
  });

  it('skips censored periods without sales: a stock-out does not lower the probability', () => {
    const history = [3, 0, 3, 0, 0, 0];
    const censored = [0, 0, 0, 0, 1, 1];
    const withMask = tsbForecast(history, { horizon: 1, alpha: 0.3, beta: 0.3, censored });
    const asZeros = tsbForecast(history, { horizon: 1, alpha: 0.3, beta: 0.3 });
    expect(withMask.params.finalProbability).toBeGreaterThan(asZeros.params.finalProbability);
    expect(withMask.inSampleErrors[4]).toBeNaN();
  });

  it('forecasts zero without demand and rejects weights outside (0, 1]', () => {
    expect(tsbForecast([0, 0], { horizon: 1 })).toMatchObject({ fallback: { reason: 'no-demand' } });
    expect(() => tsbForecast([1], { horizon: 1, beta: 2 })).toThrow('beta must be in (0, 1], got 2');
  });
});
