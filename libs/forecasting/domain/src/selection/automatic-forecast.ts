/**
 * The automatic forecast the service uses: the mean of the (up to) four exponential-smoothing-
 * family methods that forecast the series best at a few rolling origins before its end, leaving
 * out any that validate far behind the best. Backtests on
 * real daily and monthly demand, at several horizons and origins, showed that picking the single
 * best method per series loses to the best fixed method: the validation windows are too short to
 * tell close methods apart, and a lucky naive or seasonal naive forecast is chosen too often.
 * Averaging the best few keeps what validation does learn (which family suits the series) and
 * lets the errors of close methods cancel. Naive is not a member: repeating the last period is a
 * bar to beat, not a forecast of the mean that lead-time demand needs.
 *
 * Where the data has a season, the members include the same smoothing methods run on whole
 * seasons (temporal aggregation, ADIDA): a week of daily demand is far less noisy than a day, and
 * the weekly level it gives is a different view of the series whose errors partly cancel those of
 * the daily methods.
 */
import type { MethodSpec } from '../methods/method-registry';
import type { AggregatedBaseMethod } from '../methods/temporal-aggregation.method';
import type { DemandHistory } from '../series/demand-series';
import { type MethodSelection, type SelectionOptions, selectMethod } from './select-method';

/** Horizon, censoring and validation as for selectMethod; the candidates and how they combine are fixed. */
export type AutomaticForecastOptions = Pick<
  SelectionOptions,
  'horizon' | 'censored' | 'seasonPeriod' | 'validationHorizon' | 'validationOrigins' | 'minTrainingPeriods'
>;

/** How many of the best-validated members are averaged, at most. */
export const AUTOMATIC_COMBINATION_SIZE = 4;

/**
 * A member joins only if its validation error is within this fraction of the best member's: on
 * demand with a strong weekly pattern Holt-Winters is far ahead, and averaging it with level-only
 * methods would flatten the pattern it found.
 */
export const AUTOMATIC_COMBINATION_TOLERANCE = 0.2;

/**
 * Origins, one validation horizon apart, at which the automatic forecast's errors are measured up
 * to its horizon for its intervals and safety stock: enough for the mean squares of a few
 * distances ahead, few enough to reflect the series' recent behaviour.
 */
export const AUTOMATIC_ERROR_PROFILE_ORIGINS = 8;

/**
 * The members the automatic forecast chooses from: smoothing methods, and where the data has a
 * season, Holt-Winters and SES, SBA and TSB on demand aggregated over whole seasons.
 */
export function automaticCandidates(seasonPeriod: number | null = 7): MethodSpec[] {
  const candidates: MethodSpec[] = [{ method: 'simple-exponential-smoothing' }, { method: 'moving-average' }];
  if (seasonPeriod !== null) candidates.push({ method: 'holt-winters', settings: { seasonPeriod } });
  candidates.push({ method: 'croston' }, { method: 'sba' }, { method: 'tsb' });
  if (seasonPeriod !== null) candidates.push(...seasonAggregateMethods(seasonPeriod));
  return candidates;
}

/** SES, SBA and TSB on demand per period aggregated over buckets of a whole season. */
export function seasonAggregateMethods(seasonPeriod: number): MethodSpec[] {
  return AGGREGATED_BASES.map((base) => ({
    method: 'temporal-aggregation',
    label: `${AGGREGATE_LABEL_PREFIX}${base === 'simple-exponential-smoothing' ? 'ses' : base}`,
    settings: { bucket: seasonPeriod, base },
  }));
}

const AGGREGATED_BASES: readonly AggregatedBaseMethod[] = ['simple-exponential-smoothing', 'sba', 'tsb'];

/** Labels of the season-aggregated members in forecasts and reports: adida-ses, adida-sba, adida-tsb. */
export const AGGREGATE_LABEL_PREFIX = 'adida-';

export function forecastAutomatically(history: DemandHistory, options: AutomaticForecastOptions): MethodSelection {
  const seasonPeriod = options.seasonPeriod === undefined ? 7 : options.seasonPeriod;
  return selectMethod(history, automaticCandidates(seasonPeriod), {
    horizon: options.horizon,
    censored: options.censored,
    seasonPeriod,
    validationHorizon: options.validationHorizon,
    validationOrigins: options.validationOrigins,
    minTrainingPeriods: options.minTrainingPeriods,
    baseline: 'simple-exponential-smoothing',
    combine: AUTOMATIC_COMBINATION_SIZE,
    combineTolerance: AUTOMATIC_COMBINATION_TOLERANCE,
    errorProfileOrigins: AUTOMATIC_ERROR_PROFILE_ORIGINS,
  });
}
