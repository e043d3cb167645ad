/**
 * How far off a forecast has been, out of sample, as a function of how far ahead it looked. The
 * forecast's members, with the parameters they were validated with, are run from several origins
 * before the end of the history; each run's (averaged) forecast is compared with what followed.
 *
 * In-sample one-step errors understate the error of a forecast many periods ahead: a level that
 * drifts, a trend or a seasonal run-up makes the errors of consecutive periods share a sign, so
 * they neither stay one-step sized nor cancel in a lead-time total. Measuring the errors k periods
 * ahead, and of the total over the first k periods, captures both effects from the series' own
 * record. Few origins fit in a history, so the raw mean squares are smoothed by two models
 * fitted by non-negative weighted least squares:
 *   MSE k periods ahead           = constantVariance + varianceGrowthPerPeriod * k
 *   error variance of the k-total = independentVariance * k + persistentVariance * k^2
 * (the second is the variance of k independent errors plus an error common to every period,
 * a level the forecast has wrong). The fitted models extend past the longest window measured.
 *
 * Each error divided by the fitted spread at its distance ahead gives a standardized error; their
 * empirical quantiles shape the prediction intervals. Demand errors are heavy-tailed (a few large
 * orders among many ordinary days), so a normal shape with the right spread puts the 80 % bounds
 * too far out.
 */
import type { MethodSpec } from '../methods/method-registry';
import { fitMethod } from '../methods/method-registry';
import { inverseStandardNormal } from '../policy/normal-distribution';
import { type PreparedSeries, truncateSeries } from '../series/demand-series';

export interface ForecastErrorProfile {
  readonly constantVariance: number;
  readonly varianceGrowthPerPeriod: number;
  readonly independentVariance: number;
  readonly persistentVariance: number;
  /** Origins that contributed errors. */
  readonly origins: number;
  /** Forecast periods scored (censored periods are not). */
  readonly errorsScored: number;
  /** originsAhead[k]: origins whose errors reached k + 1 periods ahead. */
  readonly originsAhead: Float64Array;
  /** Every scored error over the spread fitted for its distance ahead, ascending. */
  readonly standardizedErrors: Float64Array;
  /**
   * The error of the total over the first k periods from each origin, for every k measured, over
   * the spread fitted for a k-period total, ascending. Consecutive totals of one origin share
   * most of their errors, so these are far fewer independent draws than their count.
   */
  readonly standardizedTotalErrors: Float64Array;
  /**
   * Share of the scored periods whose demand was zero (or less). Demand is a count with a mass at
   * zero, which standardized errors about a forecast smear into a lower tail: a bound that should
   * be zero lands a little above it, and every zero day falls under it.
   */
  readonly zeroDemandShare: number;
}

/** A member of the forecast, with forecasts already made from some origins (by origin) to reuse. */
export interface ProfileMember {
  readonly spec: MethodSpec;
  readonly knownForecasts?: ReadonlyMap<number, Float64Array>;
}

export interface ErrorProfileOptions {
  /** Periods forecast from each origin: the horizon of the forecast the profile is for. */
  readonly horizon: number;
  /** Origins to run from, `spacing` periods apart, the last `spacing` periods before the end. */
  readonly origins: number;
  readonly spacing: number;
  /** Least history before an origin. */
  readonly minTrainingPeriods: number;
}

/** Fewer scored errors than this leave the models unidentified: no profile. */
const MIN_ERRORS = 10;
const MIN_ORIGINS = 2;

/**
 * The profile of the mean forecast of `members` (each with its parameters held fixed), or
 * null when the history holds too few origins or observed periods to measure it.
 */
export function measureErrorProfile(series: PreparedSeries, members: readonly ProfileMember[], options: ErrorProfileOptions): ForecastErrorProfile | null {
  const horizon = Math.max(1, options.horizon);
  const squared = new Float64Array(horizon);
  const squaredCount = new Float64Array(horizon);
  const cumulativeSquared = new Float64Array(horizon);
  const cumulativeCount = new Float64Array(horizon);
  const { values, censored } = series;
  let origins = 0;
  let errorsScored = 0;
  // Every scored error and how far ahead it was, in buffers sized for the most there can be.
  const errors = new Float64Array(options.origins * horizon);
  const distances = new Float64Array(options.origins * horizon);
  const totals = new Float64Array(options.origins * horizon);
  const totalPeriods = new Float64Array(options.origins * horizon);
  let totalsScored = 0;
  let zeroDemand = 0;
  for (let i = options.origins; i >= 1; i--) {
    const origin = series.length - i * options.spacing;
    if (origin < options.minTrainingPeriods) continue;
    const steps = Math.min(horizon, series.length - origin);
    const forecast = new Float64Array(steps);
    for (const member of members) {
      // Validation already ran the member from its origins: reused when it looked far enough ahead.
      const known = member.knownForecasts?.get(origin);
      const points = known !== undefined && known.length >= steps ? known : fitMethod(member.spec, truncateSeries(series, origin), steps, false).pointForecast;
      for (let k = 0; k < steps; k++) forecast[k] += points[k] / members.length;
    }
    let runningError = 0;
    let observed = 0;
    let scoredHere = 0;
    for (let k = 0; k < steps; k++) {
      const t = origin + k;
      if (censored === null || censored[t] === 0) {
        const error = values[t] - forecast[k];
        if (values[t] <= 0) zeroDemand++;
        squared[k] += error * error;
        squaredCount[k]++;
        errors[errorsScored + scoredHere] = error;
        distances[errorsScored + scoredHere] = k + 1;
        runningError += error;
        observed++;
        scoredHere++;
      }
      if (observed === 0) continue;
      // Censored periods' errors are unknown; the observed ones stand in for them pro rata.
      const total = (runningError * (k + 1)) / observed;
      cumulativeSquared[k] += total * total;
      cumulativeCount[k]++;
      totals[totalsScored] = total;
      totalPeriods[totalsScored++] = k + 1;
    }
    if (scoredHere > 0) origins++;
    errorsScored += scoredHere;
  }
  if (origins < MIN_ORIGINS || errorsScored < MIN_ERRORS) return null;
  const perPeriod = fitNonNegative(squared, squaredCount, () => 1, (k) => k + 1);
  const cumulative = fitNonNegative(cumulativeSquared, cumulativeCount, (k) => k + 1, (k) => (k + 1) * (k + 1));
  const standardizedErrors = new Float64Array(errorsScored);
  for (let i = 0; i < errorsScored; i++) {
    const spread = Math.sqrt(perPeriod.first + perPeriod.second * distances[i]);
    // A zero spread means every error was zero: their standardized value is zero too.
    standardizedErrors[i] = spread > 0 ? errors[i] / spread : 0;
  }
  standardizedErrors.sort();
  const standardizedTotalErrors = new Float64Array(totalsScored);
  for (let i = 0; i < totalsScored; i++) {
    const periods = totalPeriods[i];
    const spread = Math.sqrt(cumulative.first * periods + cumulative.second * periods * periods);
    standardizedTotalErrors[i] = spread > 0 ? totals[i] / spread : 0;
  }
  standardizedTotalErrors.sort();
  return {
    constantVariance: perPeriod.first,
    varianceGrowthPerPeriod: perPeriod.second,
    independentVariance: cumulative.first,
    persistentVariance: cumulative.second,
    origins,
    errorsScored,
    originsAhead: squaredCount,
    standardizedErrors,
    standardizedTotalErrors,
    zeroDemandShare: zeroDemand / errorsScored,
  };
}

/**
 * From this share of zero-demand periods in a profile on, demand is mostly zero: an interval that
 * holds zero already holds at least that share, and a replenishment cycle's demand is a rare order
 * or two, of which the profile's few origins show only a handful.
 */
export const MOSTLY_ZERO_DEMAND_SHARE = 0.8;

/** Fewer standardized errors than this leave the tails to chance: no empirical quantile. */
export const MIN_ERRORS_FOR_EMPIRICAL_QUANTILES = 20;

/**
 * The `probability` quantile of the profile's standardized errors, interpolated at position
 * (n + 1) p among the n sorted values (the positions at which a new error is equally likely to
 * fall in any gap); null when there are too few errors, or when that position lies beyond the
 * smallest or largest of them: n errors cannot show a quantile further out than 1 / (n + 1), and
 * the extreme error in its place would make the interval too narrow.
 */
export function standardizedErrorQuantile(profile: ForecastErrorProfile, probability: number): number | null {
  return sortedQuantile(profile.standardizedErrors, probability);
}

/**
 * The `probability` quantile of the standardized errors of the profile's totals, as
 * standardizedErrorQuantile; the multiple of profileTotalStdDev that a total's bound or a safety
 * stock takes in place of the normal quantile. Errors of a total over a lead time are seldom
 * symmetric: a forecast that trails a rising level errs low on every period of it at once.
 */
export function standardizedTotalErrorQuantile(profile: ForecastErrorProfile, probability: number): number | null {
  return sortedQuantile(profile.standardizedTotalErrors, probability);
}

/**
 * The multiple of profileTotalStdDev that a lead-time total's `probability` quantile (at least
 * 0.5) takes: the empirical quantile of the standardized totals where it exceeds the normal one,
 * never less than the normal. Beyond the farthest quantile the totals can show (n / (n + 1) of n),
 * the normal quantile scaled by how much heavier than the normal's the tail is there, so that a
 * higher service level never gets a smaller factor. Null on too few totals.
 */
export function measuredTotalServiceFactor(profile: ForecastErrorProfile, probability: number): number | null {
  const sorted = profile.standardizedTotalErrors;
  if (sorted.length < MIN_ERRORS_FOR_EMPIRICAL_QUANTILES) return null;
  const normal = inverseStandardNormal(probability);
  const shown = sortedQuantile(sorted, probability);
  if (shown !== null) return Math.max(normal, shown);
  const farthest = sorted.length / (sorted.length + 1);
  if (probability < farthest) return normal;
  return normal * Math.max(1, sorted[sorted.length - 1] / inverseStandardNormal(farthest));
}

function sortedQuantile(sorted: Float64Array, probability: number): number | null {
  const count = sorted.length;
  if (count < MIN_ERRORS_FOR_EMPIRICAL_QUANTILES) return null;
  const position = (count + 1) * probability - 1;
  if (position < 0 || position > count - 1) return null;
  const below = Math.floor(position);
  const above = Math.min(count - 1, below + 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/**
 * Standard deviation of the forecast error `periodsAhead` (≥ 1) periods ahead: the fitted mean
 * square, times 1 + 1/m for the m origins that measured errors that far ahead. A new error varies
 * about the true mean square, which the profile only estimates from a handful of windows; the
 * factor is the classical allowance for predicting a new draw from a variance estimated on m.
 */
export function profileStdDevAhead(profile: ForecastErrorProfile, periodsAhead: number): number {
  return Math.sqrt((profile.constantVariance + profile.varianceGrowthPerPeriod * periodsAhead) * estimationAllowance(profile, periodsAhead));
}

/** 1 + 1/m, m the origins measured `periodsAhead` ahead (the farthest measured, beyond it). */
function estimationAllowance(profile: ForecastErrorProfile, periodsAhead: number): number {
  const counts = profile.originsAhead;
  if (counts.length === 0) return 1;
  const origins = counts[Math.min(counts.length, Math.max(1, Math.ceil(periodsAhead))) - 1];
  return origins > 0 ? 1 + 1 / origins : 1;
}

/**
 * Standard deviation of the error of the forecast total over the next `periods` periods (may be
 * fractional), with the same allowance for its estimation as profileStdDevAhead.
 */
export function profileTotalStdDev(profile: ForecastErrorProfile, periods: number): number {
  const variance = profile.independentVariance * periods + profile.persistentVariance * periods * periods;
  return Math.sqrt(variance * estimationAllowance(profile, periods));
}

/**
 * Least squares of mean squares y_k = sums[k] / counts[k] on first * f(k) + second * g(k), each
 * step weighted by its count, with both coefficients kept non-negative (a variance cannot be
 * negative, nor shrink with the horizon): when the free fit makes one negative, it is held at
 * zero and the other refitted alone.
 */
function fitNonNegative(
  sums: Float64Array,
  counts: Float64Array,
  f: (k: number) => number,
  g: (k: number) => number,
): { first: number; second: number } {
  let ff = 0;
  let fg = 0;
  let gg = 0;
  let fy = 0;
  let gy = 0;
  for (let k = 0; k < sums.length; k++) {
    const weight = counts[k];
    if (weight === 0) continue;
    const y = sums[k] / weight;
    const a = f(k);
    const b = g(k);
    ff += weight * a * a;
    fg += weight * a * b;
    gg += weight * b * b;
    fy += weight * a * y;
    gy += weight * b * y;
  }
  const determinant = ff * gg - fg * fg;
  if (determinant > 1e-12 * ff * gg) {
    const first = (fy * gg - gy * fg) / determinant;
    const second = (gy * ff - fy * fg) / determinant;
    if (first >= 0 && second >= 0) return { first, second };
  }
  // One coefficient alone: whichever fits the mean squares better.
  const firstAlone = ff > 0 ? Math.max(0, fy / ff) : 0;
  const secondAlone = gg > 0 ? Math.max(0, gy / gg) : 0;
  const residualFirst = -2 * firstAlone * fy + firstAlone * firstAlone * ff;
  const residualSecond = -2 * secondAlone * gy + secondAlone * secondAlone * gg;
  return residualFirst <= residualSecond ? { first: firstAlone, second: 0 } : { first: 0, second: secondAlone };
}
