import fc from 'fast-check';
import { type SelectionOptions, selectMethod } from './select-method';

// History 4 8 4 8 4, one-period forecasts from origins 3 and 4, naive against MA(2).
const alternating = (options: Partial<SelectionOptions> = {}) =>
  selectMethod([4, 8, 4, 8, 4], ['naive', { method: 'moving-average', settings: { window: 2 } }], {
    horizon: 2,
    validationHorizon: 1,
    validationOrigins: 2,
    minTrainingPeriods: 2,
    ...options,
  });

describe('selectMethod', () => {
  it('picks the candidate with the least rolling-origin error (hand-worked)', () => {
    // History 4 8 4 8 4, one-period forecasts from origins 3 and 4:
    //   naive:    origin 3 forecasts 4 (actual 8, error 4); origin 4 forecasts 8 (actual 4, error -4): MSE 16
    //   MA(2):    origin 3 forecasts (8 + 4) / 2 = 6 (error 2); origin 4 forecasts 6 (error -2):       MSE 4
    // MA(2) wins; run over the whole history it forecasts (8 + 4) / 2 = 6.
    const selection = alternating();
    expect(selection.chosenLabel).toBe('moving-average');
    expect(selection.reason).toBe('beat-baseline');
    expect(selection.scores).toEqual([
      { label: 'naive', meanAbsoluteError: 4, meanSquaredError: 16, periods: 2 },
      { label: 'moving-average', meanAbsoluteError: 2, meanSquaredError: 4, periods: 2 },
    ]);
    expect(Array.from(selection.forecast.pointForecast)).toEqual([6, 6]);
    // Not asked for: no error profile.
    expect(selection.errorProfile).toBeNull();
  });

  it('averages the best-validated candidates when asked to combine', () => {
    // Same history as above: MA(2) validates best (MSE 4), naive next (MSE 16), SES is left out.
    // Over the whole history MA(2) forecasts 6 and naive 4: the combination forecasts 5.
    const selection = alternating({ combine: 2 });
    expect(selection.reason).toBe('combined');
    expect(selection.chosenLabel).toBe('mean(moving-average+naive)');
    expect(Array.from(selection.forecast.pointForecast)).toEqual([5, 5]);
  });

  it('leaves out of the combination what validates too far behind the best', () => {
    // Naive's MSE (16) is four times MA(2)'s (4): beyond a tolerance of 20 %, so MA(2) stands alone.
    const selection = alternating({ combine: 2, combineTolerance: 0.2 });
    expect(selection.chosenLabel).toBe('moving-average');
    expect(Array.from(selection.forecast.pointForecast)).toEqual([6, 6]);
  });

  it('keeps the baseline when no candidate beats it strictly', () => {
    const selection = selectMethod(new Array<number>(40).fill(5), 'by-demand-class', { horizon: 7 });
    expect(selection.chosenLabel).toBe('naive');
    expect(selection.reason).toBe('baseline-not-beaten');
    expect(Array.from(selection.forecast.pointForecast)).toEqual(new Array<number>(7).fill(5));
  });

  it('adds the baseline when the candidates lack it, and honours another baseline', () => {
    const history = Array.from({ length: 42 }, (_, t) => [2, 9, 4, 7, 3, 8, 5][t % 7]);
    const seasonal = selectMethod(history, ['simple-exponential-smoothing'], { horizon: 7, baseline: 'seasonal-naive' });
    expect(seasonal.scores.map((score) => score.label)).toEqual(['seasonal-naive', 'simple-exponential-smoothing']);
    expect(seasonal.chosenLabel).toBe('seasonal-naive');
  });

  it('finds the weekly pattern in daily demand', () => {
    const week = [2, 9, 4, 7, 3, 8, 5];
    const history = Array.from({ length: 70 }, (_, t) => week[t % 7] + (t % 3) - 1);
    const selection = selectMethod(history, 'by-demand-class', { horizon: 7 });
    expect(['seasonal-naive', 'holt-winters']).toContain(selection.chosenLabel);
    expect(selection.demandClass).toBe('smooth');
  });

  it('considers Croston-type methods for intermittent demand only', () => {
    const intermittent = Array.from({ length: 60 }, (_, t) => (t % 4 === 0 ? 3 + (t % 3) : 0));
    const labels = selectMethod(intermittent, 'by-demand-class', { horizon: 7 }).scores.map((score) => score.label);
    expect(labels).toEqual(expect.arrayContaining(['croston', 'sba', 'tsb']));
    const smooth = selectMethod(new Array<number>(60).fill(3), 'by-demand-class', { horizon: 7 }).scores.map((score) => score.label);
    expect(smooth).not.toContain('croston');
  });

  it('falls back to the baseline when the history is too short to validate', () => {
    const selection = selectMethod([3, 4, 5], 'by-demand-class', { horizon: 2 });
    expect(selection).toMatchObject({ chosenLabel: 'naive', reason: 'history-too-short', scores: [] });
    expect(Array.from(selection.forecast.pointForecast)).toEqual([5, 5]);
  });

  it('does not score censored validation periods', () => {
    // The last 7 days are a stock-out: only 14 of the 21 validation periods are scored.
    const history = [...new Array<number>(50).fill(6), ...new Array<number>(7).fill(0)];
    const censored = history.map((_, t) => t >= 50);
    const selection = selectMethod(history, ['naive', 'simple-exponential-smoothing'], { horizon: 7, censored });
    expect(selection.scores.every((score) => score.periods === 14)).toBe(true);
    expect(selection.forecast.pointForecast[0]).toBeCloseTo(6, 9);
  });

  it('always returns finite, non-negative forecasts of the requested horizon', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { minLength: 0, maxLength: 90 }), fc.integer({ min: 1, max: 14 }), (history, horizon) => {
        const forecast = selectMethod(history, 'by-demand-class', { horizon }).forecast.pointForecast;
        return forecast.length === horizon && forecast.every((value) => Number.isFinite(value) && value >= 0);
      }),
      { numRuns: 150 },
    );
  });
});
