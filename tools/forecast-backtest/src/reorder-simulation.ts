/**
 * The reorder policy run on real demand: does the safety stock computed from the forecast deliver
 * the service level it was set for? A periodic-review order-up-to policy, as reorder-forecasting
 * plans it, is simulated over the last weeks of a series. At each review the automatic forecast
 * is made from the history before it, `planReplenishment` turns it into an order-up-to level S
 * (lead-time-plus-review demand forecast plus safety stock) and `reorderDecision` orders the gap
 * between S and the inventory position; the order arrives a lead time later. Demand that finds
 * no stock is lost. Scored:
 * - fill rate: share of demand served from stock;
 * - cycle service level: share of replenishment cycles (from one arrival to the next) without
 *   lost demand, the probability the safety stock formula targets; also over cycles with demand,
 *   since intermittent items meet their target in cycles that have none;
 * - days of stock: mean stock on hand over mean demand per day, the cost of that service.
 * Each safety stock basis runs on the same forecasts: the forecast's out-of-sample error profile
 * with the normal service factor (what reorder-forecasting uses), the same with the service factor
 * from the shape of its lead-time totals' errors, and the in-sample one-step errors taken as
 * independent (what planning used before).
 */
import {
  type AutomaticForecastOptions,
  type ReplenishmentPlan,
  type StockPosition,
  forecastAutomatically,
  planReplenishment,
  reorderDecision,
} from '@ledgerline/forecasting-domain';
import type { BacktestSeries } from './backtest.runner';

export interface PolicySimulationSettings {
  readonly serviceLevel: number;
  /** Whole periods from order to arrival. */
  readonly leadTimePeriods: number;
  /** Whole periods between reviews. */
  readonly reviewPeriods: number;
  /** Reviews simulated; the last reviews * reviewPeriods periods of each series are played. */
  readonly reviews: number;
  readonly automatic: Omit<AutomaticForecastOptions, 'horizon' | 'censored'>;
}

export type SafetyStockBasis = 'error profile' | 'error profile, measured shape' | 'in-sample errors';

export const SAFETY_STOCK_BASES: readonly SafetyStockBasis[] = ['error profile', 'error profile, measured shape', 'in-sample errors'];

export interface PolicyOutcome {
  demand: number;
  filled: number;
  cycles: number;
  cyclesWithoutShortage: number;
  cyclesWithDemand: number;
  cyclesWithDemandWithoutShortage: number;
  /** Sum over simulated periods of the stock on hand at the end of the period. */
  onHandSum: number;
  periods: number;
}

export function emptyOutcome(): PolicyOutcome {
  return { demand: 0, filled: 0, cycles: 0, cyclesWithoutShortage: 0, cyclesWithDemand: 0, cyclesWithDemandWithoutShortage: 0, onHandSum: 0, periods: 0 };
}

/** Adds `outcome` into `total`. */
export function addOutcome(total: PolicyOutcome, outcome: PolicyOutcome): void {
  for (const key of Object.keys(total) as (keyof PolicyOutcome)[]) total[key] += outcome[key];
}

/** Periods of history a series needs before the simulated window is only its training. */
export function simulatedPeriods(settings: PolicySimulationSettings): number {
  return settings.reviews * settings.reviewPeriods;
}

export function simulateReorderPolicy(series: BacktestSeries, settings: PolicySimulationSettings): Record<SafetyStockBasis, PolicyOutcome> {
  const length = series.values.length;
  const start = length - simulatedPeriods(settings);
  const protection = settings.leadTimePeriods + settings.reviewPeriods;
  const demand = series.demand ?? series.values;
  // One forecast per review, shared by both bases.
  const plans = Array.from({ length: settings.reviews }, (_, i) => {
    const review = start + i * settings.reviewPeriods;
    const selection = forecastAutomatically(series.values.subarray(0, review), {
      ...settings.automatic,
      horizon: protection,
      censored: series.censored?.subarray(0, review) ?? null,
    });
    const replenishment = { serviceLevel: settings.serviceLevel, leadTimePeriods: settings.leadTimePeriods, reviewPeriods: settings.reviewPeriods, orderQuantity: { rule: 'order-up-to' } } as const;
    return {
      'error profile': planReplenishment(selection.forecast, replenishment, selection.errorProfile),
      'error profile, measured shape': planReplenishment(selection.forecast, { ...replenishment, serviceFactor: 'measured' }, selection.errorProfile),
      'in-sample errors': planReplenishment(selection.forecast, replenishment),
    };
  });
  const outcomes = {} as Record<SafetyStockBasis, PolicyOutcome>;
  for (const basis of SAFETY_STOCK_BASES) {
    outcomes[basis] = playPolicy(demand, start, settings, plans.map((plan) => plan[basis]));
  }
  return outcomes;
}

/** Plays the reviews' plans against the demand from `start` to the end of the series. */
function playPolicy(demand: Float64Array, start: number, settings: PolicySimulationSettings, plans: readonly ReplenishmentPlan[]): PolicyOutcome {
  const outcome = emptyOutcome();
  const end = demand.length;
  const arriving = new Float64Array(end + settings.leadTimePeriods + 1);
  // Starts as if the position had just been raised to the first review's level, nothing on order.
  let onHand = wholeUnits(plans[0].reorderPoint);
  let onOrder = 0;
  // A cycle runs from one arrival to the next; the first from the start to the first arrival.
  const cycleEnds = new Set<number>();
  for (let i = 1; i < plans.length; i++) cycleEnds.add(start + i * settings.reviewPeriods + settings.leadTimePeriods);
  let cycleDemand = 0;
  let cycleShort = false;
  for (let t = start; t < end; t++) {
    if (cycleEnds.has(t)) {
      closeCycle(outcome, cycleDemand, cycleShort);
      cycleDemand = 0;
      cycleShort = false;
    }
    onHand += arriving[t];
    onOrder -= arriving[t];
    const review = (t - start) / settings.reviewPeriods;
    if (review > 0 && Number.isInteger(review) && review < plans.length) {
      const policy = { ...plans[review].policy, reorderPoint: wholeUnits(plans[review].reorderPoint) };
      const orderUpTo = { ...policy, orderQuantity: { kind: 'order-up-to' as const, level: policy.reorderPoint } };
      const position: StockPosition = { onHand, onOrder, committed: 0 };
      const decision = reorderDecision(position, orderUpTo);
      arriving[t + settings.leadTimePeriods] += decision.quantity;
      onOrder += decision.quantity;
    }
    const wanted = Math.max(0, demand[t]);
    const filled = Math.min(wanted, onHand);
    onHand -= filled;
    outcome.demand += wanted;
    outcome.filled += filled;
    outcome.onHandSum += onHand;
    outcome.periods++;
    cycleDemand += wanted;
    if (filled < wanted) cycleShort = true;
  }
  // The last cycle counts only if it ends where an order arrives.
  if (cycleEnds.has(end)) closeCycle(outcome, cycleDemand, cycleShort);
  return outcome;
}

function closeCycle(outcome: PolicyOutcome, demand: number, short: boolean): void {
  outcome.cycles++;
  if (!short) outcome.cyclesWithoutShortage++;
  if (demand > 0) {
    outcome.cyclesWithDemand++;
    if (!short) outcome.cyclesWithDemandWithoutShortage++;
  }
}

/** Stock levels are whole units, rounded up as reorder-forecasting rounds its reorder point. */
function wholeUnits(level: number): number {
  return Math.max(0, Math.ceil(level - 1e-9));
}
