/**
 * Rolling-origin backtest of fixed methods and of the automatic per-series choice. A plan is one
 * protocol: forecasts `horizon` periods ahead from origins `step` periods apart over the last
 * `holdout` periods, each using only the history before its origin. Errors on censored periods
 * (closed days, missing months) are not counted. Each series' errors are scaled by the in-sample
 * naive error of the history before the first origin, so that series of any volume count equally.
 * Besides the point errors, each forecast's 80 % and 95 % intervals are scored: pinball loss at
 * their four bounds and whether the actual fell inside.
 */
import {
  type AutomaticForecastOptions,
  type CandidateList,
  type ForecastResult,
  type MethodSpec,
  type NaiveErrorScale,
  type SelectionOptions,
  type DemandClass,
  type ForecastErrorProfile,
  forecastAutomatically,
  forecastIntervals,
  forecastQuantiles,
  forecastWith,
  methodLabel,
  naiveErrorScale,
  selectMethod,
} from '@ledgerline/forecasting-domain';
import { performance } from 'node:perf_hooks';
import { type DemandDistribution, distributionMean, distributionQuantile } from './demand-distribution';

export interface BacktestSeries {
  readonly id: string;
  readonly values: Float64Array;
  readonly censored: Uint8Array | null;
  /** True demand where it is known (simulated data): on censored periods the values fall short of it. */
  readonly demand?: Float64Array;
  /**
   * The distribution each period's demand was drawn from (simulated data): scored as the oracle
   * forecasts, the least error any method can expect, never as a method to choose.
   */
  readonly truth?: (period: number) => DemandDistribution;
}

export type SelectionSettings = Omit<SelectionOptions, 'horizon' | 'censored'>;

export interface AutomaticVariant {
  /** Starts with AUTOMATIC_LABEL, so that reports keep it apart from the single methods. */
  readonly label: string;
  readonly selection: SelectionSettings;
  /** Candidates of this variant, when not the plan's. */
  readonly candidates: CandidateList;
}

export interface BacktestPlan {
  /** Name of the protocol in reports, such as "h7 x8". */
  readonly name?: string;
  readonly holdout: number;
  readonly horizon: number;
  readonly step: number;
  /** Fixed methods to score one by one. */
  readonly methods: readonly MethodSpec[];
  /** The automatic forecast as the service makes it. */
  readonly automatic: Omit<AutomaticForecastOptions, 'horizon' | 'censored'>;
  /** Other settings of the automatic choice, scored beside it. */
  readonly variants?: readonly AutomaticVariant[];
  /** Series with less history before the holdout are left out. */
  readonly minTrainingPeriods: number;
}

export const AUTOMATIC_LABEL = 'automatic';

/**
 * The automatic forecast again, with the intervals it had before they were taken from its
 * out-of-sample error profile: from the in-sample one-step errors, spread growing as sqrt(k).
 */
export const IN_SAMPLE_INTERVALS_LABEL = `${AUTOMATIC_LABEL} with in-sample intervals`;

/**
 * The automatic forecast again, its intervals always central (from the 10 % to the 90 % quantile)
 * as before `forecastIntervals` made them one-sided where their lower bound is zero demand.
 */
export const CENTRAL_INTERVALS_LABEL = `${AUTOMATIC_LABEL} with central intervals`;

/** Interval bounds scored: the 80 % and 95 % central intervals. */
export const INTERVAL_PROBABILITIES: readonly number[] = [0.025, 0.1, 0.9, 0.975];

export interface ErrorTotals {
  absolute: number;
  squared: number;
  signed: number;
  periods: number;
  /** Sum over periods of the mean pinball loss at the interval bounds (when intervals were scored). */
  pinball?: number;
  inside80?: number;
  inside95?: number;
  /** Periods whose actual lay above the 90 % (97.5 %) quantile: the upper tail safety stock must cover. */
  above80?: number;
  above95?: number;
  /**
   * Periods whose actual was exactly zero demand. An interval of whole units that holds zero covers
   * at least these, so a series whose periods are mostly without demand cannot be covered at 80 %.
   */
  zeroDemand?: number;
}

export interface SeriesBacktest {
  readonly id: string;
  readonly scale: NaiveErrorScale;
  /** Error totals per method label, plus AUTOMATIC_LABEL. */
  readonly errors: ReadonlyMap<string, ErrorTotals>;
  /** How often each method was a member of the automatic forecast, over the origins. */
  readonly choices: ReadonlyMap<string, number>;
  /** Seconds spent forecasting (fit, selection and intervals) per label, over the origins. */
  readonly seconds: ReadonlyMap<string, number>;
  /** Origins forecast. */
  readonly origins: number;
}

/** Labels of forecasts scored for reference, not methods of the library (R's forecast package). */
export const REFERENCE_PREFIX = 'R ';

/**
 * Labels of the oracle forecasts of simulated series, made from the true distribution of each
 * period's demand: its mean minimizes the expected squared error (the RMSSE bound), its median the
 * expected absolute error (the MASE bound). Bounds to read the other figures against, not methods.
 */
export const ORACLE_PREFIX = 'oracle ';
export const ORACLE_MEAN_LABEL = `${ORACLE_PREFIX}(true mean)`;
export const ORACLE_MEDIAN_LABEL = `${ORACLE_PREFIX}(true median)`;

export function isAutomaticLabel(label: string): boolean {
  return label === AUTOMATIC_LABEL || label.startsWith(`${AUTOMATIC_LABEL} `);
}

/** A method of the library on its own: what "the best single method" is chosen from. */
export function isSingleMethodLabel(label: string): boolean {
  return !isAutomaticLabel(label) && !label.startsWith(REFERENCE_PREFIX) && !label.startsWith(ORACLE_PREFIX);
}

/** A plan of `origins` forecasts `horizon` ahead, `step` apart, ending at the end of the series. */
export function rollingPlan(base: Omit<BacktestPlan, 'holdout' | 'horizon' | 'step' | 'name'>, horizon: number, origins: number, step: number): BacktestPlan {
  return { ...base, name: `h${horizon} x${origins}`, horizon, step, holdout: horizon + (origins - 1) * step };
}

/** The origins of a plan on a series of `length` periods: `step` apart, each with its whole horizon ahead. */
export function planOrigins(length: number, plan: BacktestPlan): number[] {
  const origins: number[] = [];
  for (let origin = length - plan.holdout; origin + plan.horizon <= length; origin += plan.step) origins.push(origin);
  return origins;
}

export function isEligible(series: BacktestSeries, plan: BacktestPlan): boolean {
  const trainingLength = series.values.length - plan.holdout;
  if (trainingLength < plan.minTrainingPeriods) return false;
  let trainingDemand = false;
  let holdoutObserved = false;
  for (let t = 0; t < series.values.length; t++) {
    const observed = series.censored === null || series.censored[t] === 0;
    if (t < trainingLength && observed && series.values[t] > 0) trainingDemand = true;
    if (t >= trainingLength && observed) holdoutObserved = true;
  }
  return trainingDemand && holdoutObserved;
}

export function backtestSeries(series: BacktestSeries, plan: BacktestPlan): SeriesBacktest {
  const length = series.values.length;
  const holdoutStart = length - plan.holdout;
  const scale = naiveErrorScale(series.values.subarray(0, holdoutStart), { censored: series.censored?.subarray(0, holdoutStart) ?? null });
  const errors = new Map<string, ErrorTotals>();
  const choices = new Map<string, number>();
  const seconds = new Map<string, number>();
  const timed = <T>(label: string, run: () => T): T => {
    const started = performance.now();
    const value = run();
    seconds.set(label, (seconds.get(label) ?? 0) + (performance.now() - started) / 1000);
    return value;
  };
  let origins = 0;
  const totalsFor = (label: string): ErrorTotals => {
    let totals = errors.get(label);
    if (totals === undefined) {
      totals = { absolute: 0, squared: 0, signed: 0, periods: 0, pinball: 0, inside80: 0, inside95: 0, above80: 0, above95: 0, zeroDemand: 0 };
      errors.set(label, totals);
    }
    return totals;
  };
  for (const origin of planOrigins(length, plan)) {
    const steps = Math.min(plan.horizon, length - origin);
    const history = series.values.subarray(0, origin);
    const censored = series.censored?.subarray(0, origin) ?? null;
    origins++;
    for (const spec of plan.methods) {
      const label = methodLabel(spec);
      const forecast = timed(label, () => forecastWith(spec, history, { horizon: steps, censored }));
      accumulate(totalsFor(label), series, origin, forecast);
    }
    const automatic = timed(AUTOMATIC_LABEL, () => forecastAutomatically(history, { ...plan.automatic, horizon: steps, censored }));
    accumulate(totalsFor(AUTOMATIC_LABEL), series, origin, automatic.forecast, automatic.demandClass, automatic.errorProfile);
    accumulate(totalsFor(IN_SAMPLE_INTERVALS_LABEL), series, origin, automatic.forecast, automatic.demandClass, null);
    accumulate(totalsFor(CENTRAL_INTERVALS_LABEL), series, origin, automatic.forecast, automatic.demandClass, automatic.errorProfile, false);
    for (const member of automatic.chosenLabel.replace(/^mean\((.*)\)$/, '$1').split('+')) choices.set(member, (choices.get(member) ?? 0) + 1);
    for (const variant of plan.variants ?? []) {
      const selection = selectMethod(history, variant.candidates, { ...variant.selection, horizon: steps, censored });
      accumulate(totalsFor(variant.label), series, origin, selection.forecast, selection.demandClass);
    }
    if (series.truth !== undefined) {
      const oracle = oracleForecasts(series.truth, origin, steps);
      accumulateForecast(totalsFor(ORACLE_MEAN_LABEL), series, origin, oracle.mean, oracle.quantiles);
      accumulateForecast(totalsFor(ORACLE_MEDIAN_LABEL), series, origin, oracle.median, oracle.quantiles);
    }
  }
  return { id: series.id, scale, errors, choices, seconds, origins };
}

/** The true mean, median and INTERVAL_PROBABILITIES quantiles of each of `steps` periods from `origin`. */
export function oracleForecasts(
  truth: (period: number) => DemandDistribution,
  origin: number,
  steps: number,
): { mean: Float64Array; median: Float64Array; quantiles: Float64Array[] } {
  const mean = new Float64Array(steps);
  const median = new Float64Array(steps);
  const quantiles = INTERVAL_PROBABILITIES.map(() => new Float64Array(steps));
  for (let k = 0; k < steps; k++) {
    const distribution = truth(origin + k);
    mean[k] = distributionMean(distribution);
    median[k] = distributionQuantile(distribution, 0.5);
    INTERVAL_PROBABILITIES.forEach((probability, i) => (quantiles[i][k] = distributionQuantile(distribution, probability)));
  }
  return { mean, median, quantiles };
}

function accumulate(
  totals: ErrorTotals,
  series: BacktestSeries,
  origin: number,
  result: ForecastResult,
  demandClass?: DemandClass,
  errorProfile?: ForecastErrorProfile | null,
  libraryIntervals = true,
): void {
  const options = { demandClass, errorProfile };
  const quantiles = forecastQuantiles(result, INTERVAL_PROBABILITIES, options).perPeriod;
  const [interval80, interval95] = libraryIntervals ? forecastIntervals(result, [0.8, 0.95], options) : [];
  const intervals = interval80 === undefined ? undefined : [interval95.lower, interval80.lower, interval80.upper, interval95.upper];
  accumulateForecast(totals, series, origin, result.pointForecast, quantiles, intervals);
}

/**
 * Adds one origin's forecast to the totals. `bounds` holds the INTERVAL_PROBABILITIES quantiles
 * per period, scored by pinball loss; null for a method without intervals, whose pinball and
 * coverage stay unscored. `intervals` (lower 95 %, lower 80 %, upper 80 %, upper 95 %) are the
 * intervals whose coverage is scored, the central ones between the quantiles when absent.
 */
export function accumulateForecast(
  totals: ErrorTotals,
  series: BacktestSeries,
  origin: number,
  forecast: ArrayLike<number>,
  bounds: readonly ArrayLike<number>[] | null,
  intervals: readonly ArrayLike<number>[] = bounds ?? [],
): void {
  for (let k = 0; k < forecast.length; k++) {
    const t = origin + k;
    if (series.censored !== null && series.censored[t] === 1) continue;
    const actual = series.values[t];
    const error = actual - forecast[k];
    totals.absolute += Math.abs(error);
    totals.squared += error * error;
    totals.signed += error;
    totals.periods++;
    if (actual === 0) totals.zeroDemand = (totals.zeroDemand ?? 0) + 1;
    if (bounds === null) {
      totals.pinball = totals.inside80 = totals.inside95 = totals.above80 = totals.above95 = Number.NaN;
      continue;
    }
    let pinball = 0;
    for (let i = 0; i < INTERVAL_PROBABILITIES.length; i++) pinball += pinballLoss(actual, bounds[i][k], INTERVAL_PROBABILITIES[i]);
    totals.pinball = (totals.pinball ?? 0) + pinball / INTERVAL_PROBABILITIES.length;
    if (actual >= intervals[1][k] && actual <= intervals[2][k]) totals.inside80 = (totals.inside80 ?? 0) + 1;
    if (actual >= intervals[0][k] && actual <= intervals[3][k]) totals.inside95 = (totals.inside95 ?? 0) + 1;
    if (actual > bounds[2][k]) totals.above80 = (totals.above80 ?? 0) + 1;
    if (actual > bounds[3][k]) totals.above95 = (totals.above95 ?? 0) + 1;
  }
}

/** The quantile (pinball) loss of `quantile` as the `probability` quantile when `actual` happened. */
export function pinballLoss(actual: number, quantile: number, probability: number): number {
  return actual >= quantile ? probability * (actual - quantile) : (1 - probability) * (quantile - actual);
}
