// One item/location's forecast and replenishment numbers from its daily demand history: the
// automatic forecast (the best-validated smoothing methods averaged), quantiles of future
// demand, accuracy measured on a holdout the chosen method never saw, and the safety stock,
// reorder point and order quantity that follow from the forecast, the policy and the lead time.
import {
  type ReorderPolicy,
  bias,
  forecastAutomatically,
  forecastQuantiles,
  meanAbsoluteScaledError,
  planReplenishment,
  roundOrderQuantity,
  summarizeErrors,
} from '@ledgerline/forecasting-domain';
import type { DailyDemandHistory } from './demand-history';
import { type ItemPolicy, replenishmentSettings } from './item-policy';
import type { LeadTimeEstimate } from './lead-time';

/** Quantiles reported with every forecast: an 80% and a 90% prediction interval and the median. */
export const FORECAST_PROBABILITIES: readonly number[] = [0.05, 0.1, 0.5, 0.9, 0.95];

/** Least history left for fitting before a holdout is worth measuring. */
const MIN_TRAINING_DAYS = 14;

export interface ForecastRequest {
  readonly history: DailyDemandHistory;
  readonly horizonDays: number;
  readonly holdoutDays: number;
  readonly policy: ItemPolicy;
  readonly leadTime: LeadTimeEstimate;
}

export interface HoldoutAccuracy {
  readonly holdoutDays: number;
  /** Uncensored holdout days that were scored. */
  readonly scoredDays: number;
  /** Mean absolute scaled error: below 1 beats the naive forecast's in-sample error. */
  readonly mase: number;
  /** Mean of actual - forecast per day: positive means demand was under-forecast. */
  readonly bias: number;
  readonly meanAbsoluteError: number;
  readonly method: string;
}

export interface ForecastQuantile {
  readonly probability: number;
  readonly perDay: number[];
  readonly total: number;
}

export interface ReplenishmentNumbers {
  readonly forecastDailyDemand: number;
  readonly demandStdDevPerDay: number;
  /** Whole units, rounded up: positions are whole units and the service level is a floor. */
  readonly safetyStock: number;
  readonly reorderPoint: number;
  /** Lot ordered at the reorder point (whole packs, at least the minimum); null for order-up-to. */
  readonly orderQuantity: number | null;
  readonly orderUpToLevel: number | null;
  readonly economicOrderQuantity: number | null;
  readonly orderQuantityRule: 'economic' | 'order-up-to';
  readonly serviceFactor: number;
  readonly reorderPolicy: ReorderPolicy;
}

export interface ItemForecast {
  readonly method: string;
  readonly demandClass: string;
  readonly selectionReason: string;
  readonly pointForecast: number[];
  readonly distribution: string;
  readonly quantiles: ForecastQuantile[];
  readonly accuracy: HoldoutAccuracy | null;
  readonly replenishment: ReplenishmentNumbers;
}

export function forecastItem(request: ForecastRequest): ItemForecast {
  const { history, horizonDays, policy, leadTime } = request;
  const selection = forecastAutomatically(history.demand, { horizon: horizonDays, censored: history.censored });
  // The forecast's own out-of-sample errors by distance ahead, when the history holds enough of
  // them, set both the quantiles and the safety stock; otherwise the in-sample errors do.
  const quantiles = forecastQuantiles(selection.forecast, FORECAST_PROBABILITIES, { demandClass: selection.demandClass, errorProfile: selection.errorProfile });
  const plan = planReplenishment(selection.forecast, replenishmentSettings(policy, leadTime), selection.errorProfile);
  const reorderPoint = Math.max(0, Math.ceil(plan.reorderPoint - 1e-9));
  const rule = plan.policy.orderQuantity;
  const reorderPolicy: ReorderPolicy = {
    packSize: policy.packSize,
    minimumOrderQuantity: policy.minimumOrderQuantity,
    reorderPoint,
    orderQuantity: rule.kind === 'order-up-to' ? { kind: 'order-up-to', level: reorderPoint } : rule,
  };
  return {
    method: selection.chosenLabel,
    demandClass: selection.demandClass,
    selectionReason: selection.reason,
    pointForecast: Array.from(selection.forecast.pointForecast),
    distribution: quantiles.distribution,
    quantiles: quantiles.probabilities.map((probability, index) => ({
      probability,
      perDay: Array.from(quantiles.perPeriod[index] ?? []),
      total: quantiles.total[index] ?? Number.NaN,
    })),
    accuracy: holdoutAccuracy(history, request.holdoutDays),
    replenishment: {
      forecastDailyDemand: plan.meanDemandPerPeriod,
      demandStdDevPerDay: plan.demandStdDevPerPeriod,
      safetyStock: Math.max(0, Math.ceil(plan.safetyStock - 1e-9)),
      reorderPoint,
      orderQuantity: rule.kind === 'fixed-quantity' ? roundOrderQuantity(rule.quantity, reorderPolicy) : null,
      orderUpToLevel: rule.kind === 'order-up-to' ? reorderPoint : null,
      economicOrderQuantity: plan.economicOrderQuantity ?? null,
      orderQuantityRule: rule.kind === 'fixed-quantity' ? 'economic' : 'order-up-to',
      serviceFactor: plan.serviceFactor,
      reorderPolicy,
    },
  };
}

/**
 * Fits on all but the last `holdoutDays` days, as selection would, and scores the forecast of
 * those days against what happened. Censored holdout days are not scored: their true demand is
 * unknown. Null when the history is too short or every holdout day is censored.
 */
export function holdoutAccuracy(history: DailyDemandHistory, holdoutDays: number): HoldoutAccuracy | null {
  const trainingDays = history.demand.length - holdoutDays;
  if (holdoutDays < 1 || trainingDays < MIN_TRAINING_DAYS) return null;
  const training = history.demand.slice(0, trainingDays);
  const trainingCensored = history.censored.slice(0, trainingDays);
  const selection = forecastAutomatically(training, { horizon: holdoutDays, censored: trainingCensored });
  const actual = history.demand.slice(trainingDays).map((units, index) => (history.censored[trainingDays + index] ? Number.NaN : units));
  const forecast = selection.forecast.pointForecast;
  const summary = summarizeErrors(actual, forecast);
  if (summary.count === 0) return null;
  return {
    holdoutDays,
    scoredDays: summary.count,
    mase: meanAbsoluteScaledError(actual, forecast, training, { censored: trainingCensored }),
    bias: bias(actual, forecast),
    meanAbsoluteError: summary.meanAbsolute,
    method: selection.chosenLabel,
  };
}
