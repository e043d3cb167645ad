/**
 * How much to order: the economic order quantity, and the rounding every order goes through:
 * up to whole packs, and at least the supplier's minimum order quantity (itself in whole packs).
 */
import { ForecastingError } from '../forecasting.error';
import { requireNonNegative, requirePositive } from './policy-input.validation';

export interface EconomicOrderQuantityInput {
  /** Demand per period (D); any period, as long as the holding cost uses the same one. */
  readonly demandPerPeriod: number;
  /** Fixed cost of placing one order (S). */
  readonly orderingCost: number;
  /** Cost of holding one unit for one period (H). */
  readonly holdingCostPerUnitPerPeriod: number;
}

/** EOQ = sqrt(2 D S / H): the order size where ordering and holding costs balance. */
export function economicOrderQuantity(input: EconomicOrderQuantityInput): number {
  requireNonNegative('demandPerPeriod', input.demandPerPeriod);
  requireNonNegative('orderingCost', input.orderingCost);
  requirePositive('holdingCostPerUnitPerPeriod', input.holdingCostPerUnitPerPeriod);
  return Math.sqrt((2 * input.demandPerPeriod * input.orderingCost) / input.holdingCostPerUnitPerPeriod);
}

export interface OrderRounding {
  /** Units per pack; orders are whole packs. Default 1. */
  readonly packSize?: number;
  /** Least quantity the supplier accepts. Default 0. */
  readonly minimumOrderQuantity?: number;
}

/** Tolerance so that 12.000000000001 units in packs of 6 stays 2 packs, not 3. */
const ROUNDING_TOLERANCE = 1e-9;

/** Rounds a wanted quantity up to whole packs and to at least the minimum order; 0 stays 0. */
export function roundOrderQuantity(quantity: number, rounding: OrderRounding = {}): number {
  const packSize = rounding.packSize ?? 1;
  const minimum = rounding.minimumOrderQuantity ?? 0;
  requireNonNegative('quantity', quantity);
  requirePositive('packSize', packSize);
  requireNonNegative('minimumOrderQuantity', minimum);
  if (quantity === 0) return 0;
  const packsWanted = Math.ceil(quantity / packSize - ROUNDING_TOLERANCE);
  const packsMinimum = Math.ceil(minimum / packSize - ROUNDING_TOLERANCE);
  const packs = Math.max(packsWanted, packsMinimum, 1);
  const rounded = packs * packSize;
  if (!Number.isFinite(rounded)) {
    throw new ForecastingError('POLICY.QUANTITY_OVERFLOW', `quantity ${quantity} in packs of ${packSize} is not representable`);
  }
  return rounded;
}
