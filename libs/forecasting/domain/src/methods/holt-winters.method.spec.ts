import { holtWintersForecast } from './holt-winters.method';

describe('holtWintersForecast', () => {
  it('runs the additive recursion with fixed weights (season of 2, alpha 0.5, gamma 0.25)', () => {
    // Start from the two full seasons: season means 3 and 5, so level (3 + 5) / 2 = 4 and each
    // season's deviations are -1, +1: indices s0 = -1, s1 = +1.
    // t0: f = 4 - 1 = 3,          e = 2 - 3 = -1,      level 3.5,    s0 = -1 - 0.25 = -1.25
    // t1: f = 3.5 + 1 = 4.5,      e = 4 - 4.5 = -0.5,  level 3.25,   s1 = 1 - 0.125 = 0.875
    // t2: f = 3.25 - 1.25 = 2,    e = 4 - 2 = 2,       level 4.25,   s0 = -1.25 + 0.5 = -0.75
    // t3: f = 4.25 + 0.875 = 5.125, e = 0.875,         level 4.6875, s1 = 0.875 + 0.21875 = 1.09375
    // Forecast: t4 (phase 0) 4.6875 - 0.75 = 3.9375; t5 (phase 1) 4.6875 + 1.09375 = 5.78125.
    const result = holtWintersForecast([2, 4, 4, 6], { horizon: 2, seasonPeriod: 2, weights: { alpha: 0.5, gamma: 0.25 } });
    expect(Array.from(result.pointForecast)).toEqual([3.9375, 5.78125]);
    expect(Array.from(result.inSampleErrors)).toEqual([-1, -0.5, 2, 0.875]);
    expect(result.params).toMatchObject({ finalLevel: 4.6875, seasonal: [-0.75, 1.09375], trend: 'none', beta: 0, phi: 1 });
  });

  it('reproduces an exact weekly pattern', () => {
    // Weekday demand 1..7 for four weeks: level 4, indices -3..+3, every error zero.
    const week = [1, 2, 3, 4, 5, 6, 7];
    const result = holtWintersForecast([...week, ...week, ...week, ...week], { horizon: 7 });
    for (let k = 0; k < 7; k++) expect(result.pointForecast[k]).toBeCloseTo(week[k], 10);
    expect(result.params.finalLevel).toBeCloseTo(4, 10);
  });

  it('forecasts a constant series as that constant', () => {
    const result = holtWintersForecast(new Array<number>(42).fill(12), { horizon: 10, trend: 'damped' });
    for (const value of result.pointForecast) expect(value).toBeCloseTo(12, 10);
  });

  it('with a damped trend, keeps rising on a rising series but by less each period', () => {
    const history = Array.from({ length: 56 }, (_, t) => 20 + 0.5 * t);
    const result = holtWintersForecast(history, { horizon: 14, trend: 'damped' });
    const { phi, finalTrend } = result.params;
    expect(finalTrend).toBeGreaterThan(0);
    expect(phi).toBeLessThan(1);
    // Same phase one season apart: the step is trend * (phi^(k+2) + ... + phi^(k+8)), smaller for later k.
    const firstWeekStep = result.pointForecast[7] - result.pointForecast[0];
    const laterStep = result.pointForecast[13] - result.pointForecast[6];
    expect(firstWeekStep).toBeGreaterThan(0);
    expect(laterStep).toBeLessThan(firstWeekStep);
    expect(result.pointForecast[0]).toBeGreaterThan(history[55] - 1);
  });

  it('floors forecasts at zero', () => {
    // A big weekly spike makes the other weekdays' indices strongly negative.
    const history = Array.from({ length: 28 }, (_, t) => (t % 7 === 0 ? 70 : 0));
    const result = holtWintersForecast(history, { horizon: 7, weights: { alpha: 0.3, gamma: 0.1 } });
    for (const value of result.pointForecast) expect(value).toBeGreaterThanOrEqual(0);
  });

  it('falls back to simple exponential smoothing with less than two seasons', () => {
    const result = holtWintersForecast([5, 6, 7, 8, 9, 10, 11, 12], { horizon: 2 });
    expect(result.fallback).toEqual({ reason: 'history-too-short', rule: 'simple-exponential-smoothing' });
    expect(result.method).toBe('holt-winters');
    expect(result.params.seasonal).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('rejects fixed weights outside their ranges', () => {
    const history = new Array<number>(14).fill(1);
    expect(() => holtWintersForecast(history, { horizon: 1, weights: { alpha: 1.5 } })).toThrow('alpha must be in (0, 1]');
    expect(() => holtWintersForecast(history, { horizon: 1, weights: { gamma: -0.1 } })).toThrow('gamma must be in [0, 1]');
    expect(() => holtWintersForecast(history, { horizon: 1, trend: 'damped', weights: { phi: 0 } })).toThrow('phi must be in (0, 1]');
  });
});
