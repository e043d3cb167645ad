import { fitMethod } from '../methods/method-registry';
import { prepareSeries, truncateSeries } from '../series/demand-series';
import {
  type ForecastErrorProfile,
  MIN_ERRORS_FOR_EMPIRICAL_QUANTILES,
  measureErrorProfile,
  profileStdDevAhead,
  profileTotalStdDev,
  standardizedErrorQuantile,
  standardizedTotalErrorQuantile,
} from './forecast-error-profile';

/** Deterministic uniform numbers in [0, 1), so that the series below are the same on every run. */
function uniforms(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  });
}

const SES_FIXED = [{ spec: { method: 'simple-exponential-smoothing' as const, settings: { alpha: 0.2 } } }];
const OPTIONS = { horizon: 14, origins: 8, spacing: 7, minTrainingPeriods: 14 };

function profileOf(values: number[], censored: number[] | null = null): ForecastErrorProfile {
  const profile = measureErrorProfile(prepareSeries(values, censored), SES_FIXED, OPTIONS);
  if (profile === null) throw new Error('expected a profile');
  return profile;
}

describe('measureErrorProfile', () => {
  it('measures no error on a constant series: zero spreads, standardized errors all zero', () => {
    const profile = profileOf(new Array<number>(120).fill(5));
    expect(profile.constantVariance).toBe(0);
    expect(profile.varianceGrowthPerPeriod).toBe(0);
    expect(profileTotalStdDev(profile, 10)).toBe(0);
    expect(Array.from(profile.standardizedErrors).every((z) => z === 0)).toBe(true);
    // Origins 7 apart from 56 periods before the end: the last one reaches 7 periods ahead only.
    expect(profile.origins).toBe(8);
    expect(profile.originsAhead[0]).toBe(8);
    expect(profile.originsAhead[13]).toBe(7);
  });

  it('sees errors grow with the distance ahead, and persist over a total, when the level wanders', () => {
    const steps = uniforms(200, 11).map((u) => 4 * (u - 0.5));
    let level = 50;
    const walk = steps.map((step) => (level += step));
    const profile = profileOf(walk);
    expect(profile.varianceGrowthPerPeriod).toBeGreaterThan(0);
    expect(profileStdDevAhead(profile, 14)).toBeGreaterThan(profileStdDevAhead(profile, 1));
    // A wandering level is an error the periods share: the total's spread grows faster than sqrt(k).
    expect(profile.persistentVariance).toBeGreaterThan(0);
    expect(profileTotalStdDev(profile, 14) / profileTotalStdDev(profile, 1)).toBeGreaterThan(Math.sqrt(14));
  });

  it('keeps independent noise about a steady level mostly independent', () => {
    const noise = uniforms(200, 5).map((u) => 20 + Math.round(10 * (u - 0.5)));
    const profile = profileOf(noise);
    const oneAhead = profileStdDevAhead(profile, 1);
    // Uniform noise of width 10 has a spread of 10 / sqrt(12) = 2.9; the level estimate adds a little.
    expect(oneAhead).toBeGreaterThan(2.5);
    expect(oneAhead).toBeLessThan(4.5);
    expect(profileStdDevAhead(profile, 14) / oneAhead).toBeLessThan(1.5);
    expect(profileTotalStdDev(profile, 14) / profileTotalStdDev(profile, 1)).toBeLessThan(Math.sqrt(14) * 1.6);
  });

  it('counts the share of scored periods without demand', () => {
    const values = uniforms(120, 17).map((u, t) => (t % 4 === 0 ? 0 : 10 + Math.round(6 * u)));
    expect(profileOf(values).zeroDemandShare).toBeCloseTo(0.25, 1);
    expect(profileOf(values.map((v) => v + 1)).zeroDemandShare).toBe(0);
  });

  it('leaves censored periods out of the errors it scores', () => {
    const values = uniforms(120, 3).map((u) => 10 + Math.round(6 * u));
    const all = profileOf(values);
    const censored = values.map((_, t) => (t % 2 === 0 ? 1 : 0));
    const half = profileOf(values, censored);
    expect(half.errorsScored).toBeLessThan(all.errorsScored);
    expect(half.errorsScored).toBeGreaterThanOrEqual(all.errorsScored / 2 - OPTIONS.origins);
  });

  it('reuses forecasts already made from an origin, when they look far enough ahead', () => {
    const values = uniforms(120, 9).map((u) => 10 + Math.round(6 * u));
    const series = prepareSeries(values);
    const fresh = measureErrorProfile(series, SES_FIXED, OPTIONS);
    // The same forecasts handed in give the same profile; other ones are used instead of a new run.
    const lastOrigin = values.length - OPTIONS.spacing;
    const same = fitMethod(SES_FIXED[0].spec, truncateSeries(series, lastOrigin), OPTIONS.spacing, false).pointForecast;
    const reused = measureErrorProfile(series, [{ ...SES_FIXED[0], knownForecasts: new Map([[lastOrigin, same]]) }], OPTIONS);
    expect(reused).toEqual(fresh);
    const zeros = measureErrorProfile(series, [{ ...SES_FIXED[0], knownForecasts: new Map([[lastOrigin, new Float64Array(OPTIONS.spacing)]]) }], OPTIONS);
    expect(zeros?.constantVariance).not.toBe(fresh?.constantVariance);
    // Too short to cover the steps wanted from that origin: run afresh.
    const short = measureErrorProfile(series, [{ ...SES_FIXED[0], knownForecasts: new Map([[lastOrigin, new Float64Array(1)]]) }], OPTIONS);
    expect(short).toEqual(fresh);
  });

  it('standardizes the totals from every origin over every distance, and sees them skewed when the level rises', () => {
    // Demand rising by 0.5 a period: a level-only forecast trails it, so every total errs low.
    const rising = uniforms(150, 13).map((u, t) => 20 + 0.5 * t + Math.round(4 * (u - 0.5)));
    const profile = profileOf(rising);
    // 8 origins, the last 7 periods before the end reaching 7 periods, the others all 14.
    expect(profile.standardizedTotalErrors).toHaveLength(7 * 14 + 7);
    const sorted = Array.from(profile.standardizedTotalErrors);
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
    // Mostly positive (demand above the forecast), with the 0.95 quantile set by them.
    expect(sorted.filter((z) => z > 0).length).toBeGreaterThan(0.9 * sorted.length);
    expect(standardizedTotalErrorQuantile(profile, 0.95)).toBeGreaterThan(0.9);
  });

  it('gives no profile when the history holds too few origins', () => {
    expect(measureErrorProfile(prepareSeries(new Array<number>(24).fill(3)), SES_FIXED, OPTIONS)).toBeNull();
  });
});

describe('spreads and quantiles of a profile', () => {
  const profile = (standardizedErrors: number[], originsAhead: number[] = [4, 4]): ForecastErrorProfile => ({
    constantVariance: 4,
    varianceGrowthPerPeriod: 0,
    independentVariance: 4,
    persistentVariance: 1,
    origins: 4,
    errorsScored: standardizedErrors.length,
    originsAhead: Float64Array.from(originsAhead),
    standardizedErrors: Float64Array.from(standardizedErrors),
    standardizedTotalErrors: Float64Array.from(standardizedErrors),
    zeroDemandShare: 0,
  });

  it('adds the allowance 1 + 1/m for a mean square estimated on m origins', () => {
    expect(profileStdDevAhead(profile([]), 1)).toBeCloseTo(Math.sqrt(4 * 1.25), 12);
    // Total over 2 periods: 4 * 2 + 1 * 4 = 12, times 1.25.
    expect(profileTotalStdDev(profile([]), 2)).toBeCloseTo(Math.sqrt(15), 12);
    // Past the farthest distance measured, its count stands.
    expect(profileStdDevAhead(profile([], [8, 2]), 5)).toBeCloseTo(Math.sqrt(4 * 1.5), 12);
  });

  it('interpolates the standardized errors at position (n + 1) p', () => {
    const values = Array.from({ length: 99 }, (_, i) => i + 1);
    expect(standardizedErrorQuantile(profile(values), 0.5)).toBeCloseTo(50, 12);
    expect(standardizedErrorQuantile(profile(values), 0.1)).toBeCloseTo(10, 12);
    expect(standardizedErrorQuantile(profile(values), 0.99)).toBe(99);
    // Beyond the largest (smallest) of 99 errors: position 100 * 0.995 - 1 = 98.5 > 98.
    expect(standardizedErrorQuantile(profile(values), 0.995)).toBeNull();
    expect(standardizedErrorQuantile(profile(values), 0.005)).toBeNull();
    expect(standardizedTotalErrorQuantile(profile(values), 0.95)).toBeCloseTo(95, 12);
  });

  it('has no empirical quantile on too few errors', () => {
    expect(standardizedErrorQuantile(profile(new Array<number>(MIN_ERRORS_FOR_EMPIRICAL_QUANTILES - 1).fill(0)), 0.9)).toBeNull();
    expect(standardizedTotalErrorQuantile(profile(new Array<number>(MIN_ERRORS_FOR_EMPIRICAL_QUANTILES - 1).fill(0)), 0.9)).toBeNull();
  });
});
