/**
 * Per-series method choice by rolling-origin validation. Each candidate is fitted on the history
 * up to the first of a few origins near its end, then run with those parameters held fixed from
 * each later origin (a single pass, no new search); every run forecasts the periods after its
 * origin. The candidate with the least validation error wins if it beats the baseline (naive
 * unless told otherwise); otherwise the baseline is used. The winner keeps the parameters it was
 * validated with and is run over the whole history for the forecast returned: a new search on a
 * few more periods would barely move them and would cost as much as the validation itself.
 *
 * The default criterion is mean squared error: it rewards forecasts of the mean, which is what
 * lead-time demand and safety stock need, and it punishes the naive forecast for repeating a
 * one-off spike. Mean absolute error rewards forecasting zero on intermittent series.
 */
import { type DemandClass, classifyDemand } from '../accuracy/demand-classification';
import type { ForecastMethodName, ForecastResult } from '../methods/forecast-method.types';
import { type MethodParams, type MethodSpec, fitMethod, methodLabel, toMethodSpec, withFittedParameters } from '../methods/method-registry';
import { type CensoringMask, type DemandHistory, type PreparedSeries, prepareSeries, truncateSeries } from '../series/demand-series';
import { candidateMethods } from './candidate-methods';
import { meanForecast } from './combine-forecasts';
import { type ForecastErrorProfile, type ProfileMember, measureErrorProfile } from './forecast-error-profile';
import { type CandidateScore, type SelectionCriterion, ValidationErrors, selectionError } from './validation-errors';

export type { CandidateScore, SelectionCriterion } from './validation-errors';

export interface SelectionOptions {
  /** Periods to forecast with the chosen method. */
  readonly horizon: number;
  readonly censored?: CensoringMask | null;
  /** The bar to beat; default naive. Evaluated even when not among the candidates. */
  readonly baseline?: MethodSpec | ForecastMethodName;
  /** Periods forecast from each validation origin (default: min(horizon, 7), at least 1). */
  readonly validationHorizon?: number;
  /** Number of validation origins, one validation horizon apart (default 3). */
  readonly validationOrigins?: number;
  /** Least history before the first origin; origins leaving less are dropped (default 14). */
  readonly minTrainingPeriods?: number;
  /** Default 'mse'. */
  readonly criterion?: SelectionCriterion;
  /** Season length for 'by-demand-class' candidates; null for data without a season. Default 7. */
  readonly seasonPeriod?: number | null;
  /**
   * How many of the best-validated candidates to average (default 1: the single best). With more
   * than one, the forecast is their mean and the baseline is just one more candidate to rank.
   */
  readonly combine?: number;
  /**
   * Only candidates whose validation error is within this fraction of the best one's join the
   * combination (default: no limit). A method far ahead of the rest is then used alone instead
   * of being diluted by worse ones.
   */
  readonly combineTolerance?: number;
  /**
   * Origins from which to measure the chosen forecast's out-of-sample errors up to `horizon`
   * periods ahead, one validation horizon apart (default 0: not measured). The profile they give
   * sets the width of prediction intervals and the safety stock.
   */
  readonly errorProfileOrigins?: number;
}

/** Explicit candidates, or 'by-demand-class' to let the series' demand class pick them. */
export type CandidateList = readonly (MethodSpec | ForecastMethodName)[] | 'by-demand-class';

export type SelectionReason = 'beat-baseline' | 'baseline-not-beaten' | 'history-too-short' | 'combined';

export interface MethodSelection {
  readonly chosen: MethodSpec;
  readonly chosenLabel: string;
  readonly reason: SelectionReason;
  readonly demandClass: DemandClass;
  readonly scores: readonly CandidateScore[];
  readonly forecast: ForecastResult<MethodParams>;
  /** Out-of-sample errors of the forecast by distance ahead; null when not asked for or not measurable. */
  readonly errorProfile: ForecastErrorProfile | null;
}

const DEFAULT_MIN_TRAINING_PERIODS = 14;

export const DEFAULT_CANDIDATES: readonly MethodSpec[] = [
  { method: 'naive' },
  { method: 'seasonal-naive' },
  { method: 'moving-average' },
  { method: 'simple-exponential-smoothing' },
  { method: 'holt-winters' },
  { method: 'croston' },
  { method: 'sba' },
  { method: 'tsb' },
];

export function selectMethod(history: DemandHistory, candidates: CandidateList, options: SelectionOptions): MethodSelection {
  const series = prepareSeries(history, options.censored);
  const baseline = toMethodSpec(options.baseline ?? 'naive');
  const baselineLabel = methodLabel(baseline);
  const demandClass = classifyDemand(series.values, { censored: series.censored }).demandClass;
  const specs = candidates === 'by-demand-class' ? candidateMethods(demandClass, options) : candidates.map(toMethodSpec);
  if (!specs.some((spec) => methodLabel(spec) === baselineLabel)) specs.unshift(baseline);
  const validationHorizon = Math.max(1, options.validationHorizon ?? Math.min(options.horizon, 7));
  const origins = validationOrigins(series.length, validationHorizon, options);
  const profileOrigins = options.errorProfileOrigins ?? 0;
  const profileOf = (members: readonly ValidatedCandidate[] | readonly MethodSpec[]): ForecastErrorProfile | null => {
    if (profileOrigins <= 0) return null;
    return measureErrorProfile(series, members.map(asProfileMember), {
      horizon: options.horizon,
      origins: profileOrigins,
      spacing: validationHorizon,
      minTrainingPeriods: options.minTrainingPeriods ?? DEFAULT_MIN_TRAINING_PERIODS,
    });
  };
  const finish = (
    chosen: MethodSpec,
    reason: SelectionReason,
    scores: readonly CandidateScore[],
    fitted = chosen,
    fittedMember?: ValidatedCandidate,
  ): MethodSelection => ({
    chosen,
    chosenLabel: methodLabel(chosen),
    reason,
    demandClass,
    scores,
    forecast: fitMethod(fitted, series, options.horizon),
    errorProfile: profileOf(fittedMember === undefined ? [fitted] : [fittedMember]),
  });
  if (origins.length === 0) return finish(baseline, 'history-too-short', []);

  const profileSteps = profileOrigins > 0 ? options.horizon : 0;
  const validated = specs.map((spec) => validateCandidate(series, spec, origins, validationHorizon, profileSteps));
  const scores = validated.map((candidate) => candidate.score);
  const baselineScore = scores[specs.findIndex((spec) => methodLabel(spec) === baselineLabel)];
  const criterion = options.criterion ?? 'mse';
  let best = baselineScore;
  let bestError = selectionError(best, baselineScore, criterion);
  for (const score of scores) {
    const error = selectionError(score, baselineScore, criterion);
    if (error < bestError) {
      best = score;
      bestError = error;
    }
  }
  const winner = validated[scores.indexOf(best)];
  const reason: SelectionReason = best === baselineScore ? 'baseline-not-beaten' : 'beat-baseline';
  const combine = options.combine ?? 1;
  if (combine <= 1) return finish(winner.spec, reason, scores, winner.fittedSpec, winner);
  const limit = options.combineTolerance === undefined ? Number.POSITIVE_INFINITY : bestError * (1 + options.combineTolerance);
  const ranked = validated
    .filter((candidate) => {
      const error = selectionError(candidate.score, baselineScore, criterion);
      return Number.isFinite(error) && error <= limit;
    })
    .sort((a, b) => selectionError(a.score, baselineScore, criterion) - selectionError(b.score, baselineScore, criterion))
    .slice(0, combine);
  if (ranked.length <= 1) return finish(winner.spec, reason, scores, winner.fittedSpec, winner);
  return {
    chosen: ranked[0].spec,
    chosenLabel: `mean(${ranked.map((candidate) => methodLabel(candidate.spec)).join('+')})`,
    reason: 'combined',
    demandClass,
    scores,
    forecast: meanForecast(ranked.map((candidate) => fitMethod(candidate.fittedSpec, series, options.horizon))),
    errorProfile: profileOf(ranked),
  };
}

/** Validation origins (history lengths), oldest first. */
function validationOrigins(length: number, validationHorizon: number, options: SelectionOptions): number[] {
  const count = options.validationOrigins ?? 3;
  const minTraining = options.minTrainingPeriods ?? DEFAULT_MIN_TRAINING_PERIODS;
  const origins: number[] = [];
  for (let k = count; k >= 1; k--) {
    const origin = length - k * validationHorizon;
    if (origin >= minTraining) origins.push(origin);
  }
  return origins;
}

/** A validated candidate lends its validation runs to the profile; a bare spec is run afresh. */
function asProfileMember(member: ValidatedCandidate | MethodSpec): ProfileMember {
  return 'fittedSpec' in member ? { spec: member.fittedSpec, knownForecasts: member.forecasts } : { spec: member };
}

interface ValidatedCandidate {
  readonly spec: MethodSpec;
  /** The spec with the parameters fitted at the first origin held fixed. */
  readonly fittedSpec: MethodSpec;
  readonly score: CandidateScore;
  /** The forecast from each validation origin, by origin. */
  readonly forecasts: ReadonlyMap<number, Float64Array>;
}

/**
 * `forecastSteps` (at least the validation horizon) periods are forecast from each origin, so that
 * an error profile can reuse these runs; only the first validation horizon of them is scored.
 */
function validateCandidate(
  series: PreparedSeries,
  spec: MethodSpec,
  origins: readonly number[],
  validationHorizon: number,
  forecastSteps: number,
): ValidatedCandidate {
  const errors = new ValidationErrors(methodLabel(spec));
  const forecasts = new Map<number, Float64Array>();
  let fittedSpec = spec;
  for (let i = 0; i < origins.length; i++) {
    const origin = origins[i];
    const steps = Math.min(Math.max(validationHorizon, forecastSteps), series.length - origin);
    const result = fitMethod(fittedSpec, truncateSeries(series, origin), steps, false);
    if (i === 0) fittedSpec = withFittedParameters(spec, result);
    errors.add(series, origin, result.pointForecast.subarray(0, Math.min(validationHorizon, steps)));
    forecasts.set(origin, result.pointForecast);
  }
  return { spec, fittedSpec, score: errors.score(), forecasts };
}
