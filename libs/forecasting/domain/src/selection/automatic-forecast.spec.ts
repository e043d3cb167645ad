import { AUTOMATIC_COMBINATION_SIZE, AUTOMATIC_ERROR_PROFILE_ORIGINS, automaticCandidates, forecastAutomatically } from './automatic-forecast';

describe('forecastAutomatically', () => {
  const week = [2, 9, 4, 7, 3, 8, 5];
  const daily = Array.from({ length: 70 }, (_, t) => week[t % 7] + (t % 3));

  it('averages the best-validated smoothing methods when they validate close to each other', () => {
    // A level with noise and no pattern: the level-only methods validate within 20 % of each other.
    const noisy = Array.from({ length: 70 }, (_, t) => 4 + ((t * 7) % 5) - 2);
    const selection = forecastAutomatically(noisy, { horizon: 7 });
    expect(selection.reason).toBe('combined');
    const members = selection.chosenLabel.replace(/^mean\((.*)\)$/, '$1').split('+');
    expect(members.length).toBeGreaterThanOrEqual(2);
    expect(members.length).toBeLessThanOrEqual(AUTOMATIC_COMBINATION_SIZE);
    expect(members).not.toContain('naive');
    const forecast = Array.from(selection.forecast.pointForecast);
    expect(forecast).toHaveLength(7);
    for (const value of forecast) expect(Math.abs(value - 4)).toBeLessThan(1);
  });

  it('uses Holt-Winters alone where the weekly pattern puts it far ahead', () => {
    const selection = forecastAutomatically(daily, { horizon: 7 });
    expect(selection.chosenLabel).toBe('holt-winters');
    // 70 days are ten whole weeks, so the forecast starts on the week's first day; it keeps the
    // weekly shape, busiest on the second day (9 units), quietest on the first (2).
    const forecast = Array.from(selection.forecast.pointForecast);
    expect(forecast.indexOf(Math.max(...forecast))).toBe(1);
    expect(forecast.indexOf(Math.min(...forecast))).toBe(0);
  });

  it('leaves seasonal members out of data without a season', () => {
    expect(automaticCandidates(null).map((spec) => spec.method)).not.toContain('holt-winters');
    expect(automaticCandidates(null).map((spec) => spec.method)).not.toContain('temporal-aggregation');
    const monthly = Array.from({ length: 36 }, (_, t) => (t % 4 === 0 ? 3 : 0));
    const selection = forecastAutomatically(monthly, { horizon: 3, seasonPeriod: null, validationHorizon: 3, minTrainingPeriods: 12 });
    expect(selection.chosenLabel).not.toContain('holt-winters');
    expect(selection.forecast.pointForecast).toHaveLength(3);
  });

  it('takes members aggregated over whole seasons where the data has one', () => {
    const aggregated = automaticCandidates(7).filter((spec) => spec.method === 'temporal-aggregation');
    expect(aggregated.map((spec) => spec.label)).toEqual(['adida-ses', 'adida-sba', 'adida-tsb']);
    expect(aggregated.every((spec) => spec.settings?.bucket === 7)).toBe(true);
  });

  it('forecasts a series without stock-outs the same whether or not a censoring mask is given', () => {
    const noisy = Array.from({ length: 63 }, (_, t) => ((t * 5) % 7) + (t % 4 === 0 ? 3 : 0));
    const plain = forecastAutomatically(noisy, { horizon: 14 });
    const masked = forecastAutomatically(noisy, { horizon: 14, censored: new Uint8Array(noisy.length) });
    expect(masked.chosenLabel).toBe(plain.chosenLabel);
    expect(Array.from(masked.forecast.pointForecast)).toEqual(Array.from(plain.forecast.pointForecast));
  });

  it('measures its own out-of-sample errors up to the horizon, for its intervals and safety stock', () => {
    const selection = forecastAutomatically(daily, { horizon: 14 });
    const profile = selection.errorProfile;
    expect(profile).not.toBeNull();
    // 70 days hold 8 origins a validation horizon (7 days) apart after the 14 days of training.
    expect(profile?.origins).toBe(AUTOMATIC_ERROR_PROFILE_ORIGINS);
    expect(profile?.originsAhead).toHaveLength(14);
    expect(profile?.standardizedErrors.length).toBe(profile?.errorsScored);
  });

  it('falls back to one method when the history is too short to validate', () => {
    const selection = forecastAutomatically([1, 2, 3], { horizon: 2 });
    expect(selection.reason).toBe('history-too-short');
    expect(selection.chosenLabel).toBe('simple-exponential-smoothing');
  });
});
