import { seasonalNaiveForecast } from './seasonal-naive.method';

describe('seasonalNaiveForecast', () => {
  it('repeats the latest value of each phase of the season', () => {
    // Period 3, history 1..7 (t = 0..6). Latest per phase: phase 0 -> t6 = 7, phase 1 -> t4 = 5,
    // phase 2 -> t5 = 6. The next periods t7, t8, t9, t10 have phases 1, 2, 0, 1: 5 6 7 5.
    // Each error from t3 on is the value minus the one three periods earlier: 3.
    const result = seasonalNaiveForecast([1, 2, 3, 4, 5, 6, 7], { horizon: 4, seasonPeriod: 3 });
    expect(Array.from(result.pointForecast)).toEqual([5, 6, 7, 5]);
    expect(Array.from(result.inSampleErrors)).toEqual([Number.NaN, Number.NaN, Number.NaN, 3, 3, 3, 3]);
  });

  it('defaults to a weekly season', () => {
    const week = [10, 20, 30, 40, 50, 60, 70];
    const result = seasonalNaiveForecast([...week, ...week], { horizon: 7 });
    expect(Array.from(result.pointForecast)).toEqual(week);
    expect(result.params.seasonPeriod).toBe(7);
  });

  it("takes the weekday's previous uncensored value when the latest one was a stock-out", () => {
    // Two weeks; the second Monday (t7) sold 0 because the shelf was empty. Next Monday (t14)
    // repeats the first Monday's 10, not the 0.
    const week = [10, 20, 30, 40, 50, 60, 70];
    const history = [...week, 0, ...week.slice(1)];
    const censored = history.map((_, t) => (t === 7 ? 1 : 0));
    expect(seasonalNaiveForecast(history, { horizon: 1, censored }).pointForecast[0]).toBe(10);
    expect(seasonalNaiveForecast(history, { horizon: 1 }).pointForecast[0]).toBe(0);
  });

  it('fills a phase never observed with the mean of the observed phases', () => {
    // Period 2: phase 1 is censored both times; phase 0's latest is 6; the fill is 6.
    const result = seasonalNaiveForecast([4, 0, 6, 0], { horizon: 2, seasonPeriod: 2, censored: [0, 1, 0, 1] });
    expect(Array.from(result.pointForecast)).toEqual([6, 6]);
  });

  it('falls back to naive with less than one season of history', () => {
    const result = seasonalNaiveForecast([3, 4, 5], { horizon: 2 });
    expect(Array.from(result.pointForecast)).toEqual([5, 5]);
    expect(result.fallback).toEqual({ reason: 'history-too-short', rule: 'naive' });
    expect(result.method).toBe('seasonal-naive');
  });
});
