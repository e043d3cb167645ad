/**
 * The reorder decision for one item at one location: compare the inventory position (on hand +
 * on order - committed) with the reorder point and, at or below it, say how much to order. Pure
 * and stateless: "once per need" deduplication belongs to the service that tracks open
 * suggestions; here the same position always gives the same answer.
 */
import { ForecastingError } from '../forecasting.error';
import { type OrderRounding, roundOrderQuantity } from './order-quantity.policy';
import { requireNonNegative, requirePositive } from './policy-input.validation';

export interface StockPosition {
  readonly onHand: number;
  readonly onOrder: number;
  /** Allocated to customer orders but not yet shipped. */
  readonly committed: number;
}

/** A fixed lot (e.g. the EOQ) per order, or whatever raises the position to a target level. */
export type OrderQuantityRule =
  | { readonly kind: 'fixed-quantity'; readonly quantity: number }
  | { readonly kind: 'order-up-to'; readonly level: number };

export interface ReorderPolicy extends OrderRounding {
  readonly reorderPoint: number;
  readonly orderQuantity: OrderQuantityRule;
}

export type ReorderDecisionReason = 'above-reorder-point' | 'at-or-below-reorder-point' | 'nothing-to-order';

export interface ReorderDecision {
  readonly inventoryPosition: number;
  readonly shouldOrder: boolean;
  /** Units to order, already in whole packs and at least the minimum order; 0 when not ordering. */
  readonly quantity: number;
  readonly reason: ReorderDecisionReason;
}

export function inventoryPosition(position: StockPosition): number {
  return position.onHand + position.onOrder - position.committed;
}

export function reorderDecision(position: StockPosition, policy: ReorderPolicy): ReorderDecision {
  for (const field of ['onHand', 'onOrder', 'committed'] as const) {
    if (!Number.isFinite(position[field])) {
      throw new ForecastingError('POLICY.INVALID_POSITION', `${field} must be a finite number, got ${position[field]}`);
    }
  }
  if (!Number.isFinite(policy.reorderPoint)) {
    throw new ForecastingError('POLICY.INVALID_INPUT', `reorderPoint must be a finite number, got ${policy.reorderPoint}`);
  }
  const level = inventoryPosition(position);
  if (level > policy.reorderPoint) return { inventoryPosition: level, shouldOrder: false, quantity: 0, reason: 'above-reorder-point' };
  const wanted = wantedQuantity(level, policy);
  if (wanted <= 0) return { inventoryPosition: level, shouldOrder: false, quantity: 0, reason: 'nothing-to-order' };
  return { inventoryPosition: level, shouldOrder: true, quantity: roundOrderQuantity(wanted, policy), reason: 'at-or-below-reorder-point' };
}

function wantedQuantity(level: number, policy: ReorderPolicy): number {
  const rule = policy.orderQuantity;
  if (rule.kind === 'order-up-to') {
    requireNonNegative('orderQuantity.level', rule.level);
    return rule.level - level;
  }
  requirePositive('orderQuantity.quantity', rule.quantity);
  // Enough whole lots to lift the position above the reorder point (one lot in the usual case).
  const lots = Math.max(1, Math.floor((policy.reorderPoint - level) / rule.quantity) + 1);
  return lots * rule.quantity;
}
