/**
 * Safety stock and reorder point. Over the protection interval L + R (lead time plus review
 * period) demand forecast errors add up as independent per-period errors, and an uncertain lead
 * time adds the variance of "how many periods of demand" times the demand rate squared:
 *   SS  = z * sqrt((L + R) * sigma_d^2 + d^2 * sigma_L^2)
 *   ROP = d * (L + R) + SS
 * When the forecast's error over the protection interval has been measured out of sample, its
 * variance replaces the first term.
 * with z the standard normal quantile of the cycle service level (probability of no stock-out in
 * a replenishment cycle). With R = 0 (continuous review) ROP is the reorder point s; with R > 0 it
 * is the level a periodic review raises the position to, the S of an (R, S) policy.
 */
import { ForecastingError } from '../forecasting.error';
import { inverseStandardNormal } from './normal-distribution';
import { requireNonNegative, requireServiceLevel } from './policy-input.validation';

export interface SafetyStockInput {
  /** Cycle service level in [0.5, 1), e.g. 0.95. */
  readonly serviceLevel: number;
  /** Standard deviation of the one-period forecast error (sigma_d), in units per period. */
  readonly demandStdDevPerPeriod: number;
  /** Replenishment lead time L, in periods. */
  readonly leadTimePeriods: number;
  /** Review period R, in periods; 0 (continuous review) when absent. */
  readonly reviewPeriods?: number;
  /** Standard deviation of the lead time (sigma_L), in periods; 0 when absent. */
  readonly leadTimeStdDevPeriods?: number;
  /** Expected demand per period (d); needed for the lead-time variability term. */
  readonly meanDemandPerPeriod?: number;
  /**
   * Standard deviation of the forecast error of the total demand over the protection interval,
   * measured out of sample; replaces sqrt(L + R) * sigma_d, which assumes the periods' errors
   * independent when a level the forecast has wrong is shared by all of them.
   */
  readonly protectionErrorStdDev?: number;
}

export interface ReorderPointInput extends SafetyStockInput {
  readonly meanDemandPerPeriod: number;
  /**
   * The multiple of the protection interval's spread that the service level takes, when the
   * shape of the forecast's errors over that interval has been measured; the normal quantile of
   * the service level otherwise. Never below the normal quantile: a handful of origins can
   * show a tail heavier than the normal's, not prove one lighter.
   */
  readonly measuredServiceFactor?: number;
}

export interface ReorderPoint {
  /** d * (L + R). */
  readonly expectedDemand: number;
  readonly safetyStock: number;
  readonly reorderPoint: number;
  /** The z the service level maps to. */
  readonly serviceFactor: number;
}

export function safetyStock(input: SafetyStockInput): number {
  requireServiceLevel(input.serviceLevel);
  return inverseStandardNormal(input.serviceLevel) * protectionStdDev(input);
}

/** Standard deviation of demand over the protection interval: the square root in the formula. */
function protectionStdDev(input: SafetyStockInput): number {
  requireNonNegative('demandStdDevPerPeriod', input.demandStdDevPerPeriod);
  requireNonNegative('leadTimePeriods', input.leadTimePeriods);
  const reviewPeriods = input.reviewPeriods ?? 0;
  const leadTimeStdDev = input.leadTimeStdDevPeriods ?? 0;
  requireNonNegative('reviewPeriods', reviewPeriods);
  requireNonNegative('leadTimeStdDevPeriods', leadTimeStdDev);
  // Without the demand rate the lead-time term would silently vanish and understate the stock.
  if (leadTimeStdDev > 0 && input.meanDemandPerPeriod === undefined) {
    throw new ForecastingError(
      'POLICY.MISSING_DEMAND_RATE',
      'meanDemandPerPeriod is required when leadTimeStdDevPeriods > 0: lead-time variability is priced in units of demand',
    );
  }
  const meanDemand = input.meanDemandPerPeriod ?? 0;
  requireNonNegative('meanDemandPerPeriod', meanDemand);
  const protection = input.leadTimePeriods + reviewPeriods;
  const sigma = input.demandStdDevPerPeriod;
  const measured = input.protectionErrorStdDev;
  if (measured !== undefined) requireNonNegative('protectionErrorStdDev', measured);
  const forecastVariance = measured === undefined ? protection * sigma * sigma : measured * measured;
  const variance = forecastVariance + meanDemand * meanDemand * leadTimeStdDev * leadTimeStdDev;
  return Math.sqrt(variance);
}

export function reorderPoint(input: ReorderPointInput): ReorderPoint {
  requireNonNegative('meanDemandPerPeriod', input.meanDemandPerPeriod);
  requireServiceLevel(input.serviceLevel);
  const normal = inverseStandardNormal(input.serviceLevel);
  const measured = input.measuredServiceFactor;
  const serviceFactor = measured !== undefined && measured > normal ? measured : normal;
  const safety = serviceFactor * protectionStdDev(input);
  const expectedDemand = input.meanDemandPerPeriod * (input.leadTimePeriods + (input.reviewPeriods ?? 0));
  return { expectedDemand, safetyStock: safety, reorderPoint: expectedDemand + safety, serviceFactor };
}
