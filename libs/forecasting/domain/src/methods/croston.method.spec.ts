import { crostonForecast, sbaForecast } from './croston.method';

describe('crostonForecast and sbaForecast', () => {
  // History 0 3 0 0 6 0 with alpha 0.5. Start: mean size (3 + 6) / 2 = 4.5, mean interval
  // 6 periods / 2 demands = 3, forecast 4.5 / 3 = 1.5.
  // t1 demand 3 after 2 periods: size 4.5 + 0.5 (3 - 4.5) = 3.75, interval 3 + 0.5 (2 - 3) = 2.5
  // t4 demand 6 after 3 periods: size 3.75 + 0.5 (6 - 3.75) = 4.875, interval 2.5 + 0.5 (3 - 2.5) = 2.75
  // Croston: 4.875 / 2.75 = 39/22. SBA: (1 - 0.5/2) * 39/22 = 117/88.
  const history = [0, 3, 0, 0, 6, 0];

  it('smooths sizes and intervals separately (Croston)', () => {
    const result = crostonForecast(history, { horizon: 2, alpha: 0.5 });
    expect(result.pointForecast[0]).toBeCloseTo(39 / 22, 12);
    expect(result.pointForecast[1]).toBeCloseTo(39 / 22, 12);
    expect(result.params).toEqual({ alpha: 0.5, finalSize: 4.875, finalInterval: 2.75, biasCorrection: 1 });
    // One-step errors against 1.5 until t4, then against 39/22.
    expect(Array.from(result.inSampleErrors.slice(0, 5))).toEqual([-1.5, 1.5, -1.5, -1.5, 4.5]);
    expect(result.inSampleErrors[5]).toBeCloseTo(-39 / 22, 12);
  });

  it('removes the bias with the factor 1 - alpha/2 (SBA)', () => {
    const result = sbaForecast(history, { horizon: 1, alpha: 0.5 });
    expect(result.pointForecast[0]).toBeCloseTo(117 / 88, 12);
    expect(result.params.biasCorrection).toBe(0.75);
    expect(result.method).toBe('sba');
  });

  it('applies no correction when every period has demand', () => {
    const result = sbaForecast([4, 4, 4, 4], { horizon: 1, alpha: 0.2 });
    expect(result.params.biasCorrection).toBe(1);
    expect(result.pointForecast[0]).toBe(4);
  });

  it('skips a censored period without sales instead of counting it as a zero', () => {
    // Demand 2 every other period, with the t3 zero a stock-out: the interval between the
    // demands at t2 and t4 is 1 observed period, not 2.
    const open = crostonForecast([0, 2, 0, 2, 0, 2], { horizon: 1, alpha: 0.5 });
    const censored = crostonForecast([0, 2, 0, 0, 0, 2], { horizon: 1, alpha: 0.5, censored: [0, 0, 0, 1, 0, 0] });
    expect(censored.pointForecast[0]).toBeGreaterThan(0);
    expect(censored.inSampleErrors[3]).toBeNaN();
    // Observed: 0 2 0 . 0 2 -> 5 observed periods, 2 demands: mean interval 2.5, and at t5 the
    // gap since t1 is 3 observed periods; without censoring it would be 4 (wrongly lower forecast).
    const uncensored = crostonForecast([0, 2, 0, 0, 0, 2], { horizon: 1, alpha: 0.5 });
    expect(censored.pointForecast[0]).toBeGreaterThan(uncensored.pointForecast[0]);
    expect(open.pointForecast[0]).toBeCloseTo(1, 12);
  });

  it('forecasts zero, flagged, when there was no demand, and fits alpha from its grid', () => {
    expect(crostonForecast([0, 0, 0], { horizon: 2 })).toMatchObject({ fallback: { reason: 'no-demand', rule: 'zero' } });
    expect(Array.from(crostonForecast([0, 0, 0], { horizon: 2 }).pointForecast)).toEqual([0, 0]);
    const fitted = crostonForecast([0, 1, 0, 5, 0, 0, 2, 0, 3, 0, 0, 1], { horizon: 1 });
    expect([0.03, 0.08, 0.15, 0.25, 0.4]).toContain(fitted.params.alpha);
    expect(() => crostonForecast([1], { horizon: 1, alpha: 0 })).toThrow('alpha must be in (0, 1]');
  });
});
