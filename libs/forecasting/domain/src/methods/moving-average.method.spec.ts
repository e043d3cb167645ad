import { MOVING_AVERAGE_WINDOWS, movingAverageForecast } from './moving-average.method';

describe('movingAverageForecast', () => {
  it('averages the last `window` values; early errors use the shorter window available', () => {
    // Window 3 over 2 4 6 8: forecast (4 + 6 + 8) / 3 = 6.
    // Errors: t1 4 - 2 = 2; t2 6 - (2 + 4) / 2 = 3; t3 8 - (2 + 4 + 6) / 3 = 4.
    const result = movingAverageForecast([2, 4, 6, 8], { horizon: 2, window: 3 });
    expect(Array.from(result.pointForecast)).toEqual([6, 6]);
    expect(Array.from(result.inSampleErrors)).toEqual([Number.NaN, 2, 3, 4]);
  });

  it('leaves censored periods out of the window', () => {
    // t1 is a stock-out: the window of 3 holds only 4 and 6, mean 5.
    expect(movingAverageForecast([4, 0, 6], { horizon: 1, window: 3, censored: [0, 1, 0] }).pointForecast[0]).toBe(5);
  });

  it('fits a short window after a level shift', () => {
    // 30 periods at 10 then 10 at 20: only the 3-period window catches up within the last 10.
    const history = [...new Array<number>(30).fill(10), ...new Array<number>(10).fill(20)];
    const result = movingAverageForecast(history, { horizon: 1 });
    expect(result.params.window).toBe(3);
    expect(result.pointForecast[0]).toBe(20);
  });

  it('fits the window that averages an alternating series exactly', () => {
    // 0 10 0 10 ...: an even window averages to 5 (error ±5 every period); windows 3 and 7 err
    // by 20/3 and 40/7. Window 28 has the longer warm-up of uneven early means, so 14 wins.
    const history = Array.from({ length: 60 }, (_, t) => (t % 2 === 0 ? 0 : 10));
    const result = movingAverageForecast(history, { horizon: 1 });
    expect(result.params.window).toBe(14);
    expect(result.pointForecast[0]).toBe(5);
  });

  it('chooses among the listed windows and forecasts a constant exactly', () => {
    const result = movingAverageForecast(new Array<number>(50).fill(7), { horizon: 3 });
    expect(MOVING_AVERAGE_WINDOWS).toContain(result.params.window);
    expect(Array.from(result.pointForecast)).toEqual([7, 7, 7]);
  });

  it('forecasts zero, flagged, without observations, and rejects a bad window', () => {
    expect(movingAverageForecast([1, 2], { horizon: 1, censored: [1, 1] })).toMatchObject({ fallback: { reason: 'no-observations' } });
    expect(() => movingAverageForecast([1], { horizon: 1, window: 0 })).toThrow('window must be a positive integer, got 0');
  });
});
