import { simpleExponentialSmoothingForecast } from './simple-exponential-smoothing.method';

describe('simpleExponentialSmoothingForecast', () => {
  it('moves the level halfway to each observation with alpha 0.5', () => {
    // Initial level = mean of the first (up to 7) values = (8 + 12 + 10 + 14) / 4 = 11.
    // t0: e = 8 - 11 = -3,       level 11 - 1.5 = 9.5
    // t1: e = 12 - 9.5 = 2.5,    level 9.5 + 1.25 = 10.75
    // t2: e = 10 - 10.75 = -0.75, level 10.75 - 0.375 = 10.375
    // t3: e = 14 - 10.375 = 3.625, level 10.375 + 1.8125 = 12.1875
    const result = simpleExponentialSmoothingForecast([8, 12, 10, 14], { horizon: 2, alpha: 0.5 });
    expect(Array.from(result.pointForecast)).toEqual([12.1875, 12.1875]);
    expect(Array.from(result.inSampleErrors)).toEqual([-3, 2.5, -0.75, 3.625]);
    expect(result.params).toEqual({ alpha: 0.5, initialLevel: 11, finalLevel: 12.1875 });
  });

  it('does not let censored sales below the level pull it down, but learns from censored sales above it', () => {
    // Same as above but t2 sold only 2 during a stock-out: initial level (8 + 12 + 14) / 3 = 34/3
    // is from observed values only. Worked through:
    //   t0: L = 34/3 + 0.5 (8 - 34/3) = 29/3;  t1: L = 29/3 + 0.5 (12 - 29/3) = 65/6
    //   t2: censored, 2 < 65/6: unchanged;     t3: L = 65/6 + 0.5 (14 - 65/6) = 149/12
    const censored = simpleExponentialSmoothingForecast([8, 12, 2, 14], { horizon: 1, alpha: 0.5, censored: [0, 0, 1, 0] });
    expect(censored.pointForecast[0]).toBeCloseTo(149 / 12, 12);
    expect(censored.inSampleErrors[2]).toBeNaN();
    // A censored period that still sold 20 (above the level 65/6) moves the level up by half the gap.
    const above = simpleExponentialSmoothingForecast([8, 12, 20, 14], { horizon: 1, alpha: 0.5, censored: [0, 0, 1, 0] });
    // initial (8 + 12 + 14) / 3 = 34/3; after t2: 65/6 + 0.5 (20 - 65/6) = 185/12; t3: 185/12 + 0.5 (14 - 185/12) = 353/24
    expect(above.pointForecast[0]).toBeCloseTo(353 / 24, 12);
  });

  it('fits a large alpha for a random walk and a small one for noise around a level', () => {
    const walk = Array.from({ length: 80 }, (_, t) => 50 + 3 * t + (t % 3));
    const noise = Array.from({ length: 80 }, (_, t) => 20 + (t % 2 === 0 ? 4 : -4));
    const walkAlpha = simpleExponentialSmoothingForecast(walk, { horizon: 1 }).params.alpha;
    const noiseAlpha = simpleExponentialSmoothingForecast(noise, { horizon: 1 }).params.alpha;
    expect(walkAlpha).toBeGreaterThan(0.8);
    expect(noiseAlpha).toBeLessThan(0.1);
  });

  it('uses alpha 0.5 with fewer than three observations, and rejects alpha outside (0, 1]', () => {
    expect(simpleExponentialSmoothingForecast([4, 6], { horizon: 1 }).params.alpha).toBe(0.5);
    expect(() => simpleExponentialSmoothingForecast([1], { horizon: 1, alpha: 0 })).toThrow('alpha must be in (0, 1], got 0');
    expect(() => simpleExponentialSmoothingForecast([1], { horizon: 1, alpha: 1.2 })).toThrow('alpha must be in (0, 1]');
  });
});
