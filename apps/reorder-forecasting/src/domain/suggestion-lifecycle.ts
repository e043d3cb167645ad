// The life of a reorder suggestion for one item at one location, as a pure decision:
//   no suggestion --position at or below the reorder point--> open
//   open --the quantity needed grows materially--> updated (still open)
//   open --the position rises above the reorder point (receipt, order, transfer, refit)--> cleared
// One need gives one suggestion: further sales while it is open change nothing unless they make
// the order materially larger, so ERP purchasing is not flooded with one event per sale.
import { reorderDecision, type ReorderPolicy } from '@ledgerline/forecasting-domain';
import type { PositionRiseCause } from './stock-position';

export interface ActiveSuggestion {
  readonly suggestionId: string;
  readonly orderQuantity: number;
}

export interface SuggestionInput {
  /** Stock position now: on hand + on order (+ inbound in transit). */
  readonly stockPosition: number;
  readonly reorderPolicy: ReorderPolicy;
  readonly forecastDailyDemand: number;
  /** Share by which the quantity must grow before an open suggestion is re-published. */
  readonly materialGrowth: number;
  /** What raised the position, when it rose; explains a clearance. */
  readonly riseCause?: PositionRiseCause | 'refit';
}

export type SuggestionTransition =
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'open' | 'updated'; readonly orderQuantity: number; readonly reason: string }
  | { readonly kind: 'cleared'; readonly reason: string };

export function decideSuggestion(active: ActiveSuggestion | null, input: SuggestionInput): SuggestionTransition {
  const { stockPosition, reorderPolicy } = input;
  const reorderPoint = reorderPolicy.reorderPoint;
  const decision = reorderDecision({ onHand: stockPosition, onOrder: 0, committed: 0 }, reorderPolicy);
  // An item nobody buys needs no order, whatever its stock: its reorder point is zero for a reason.
  const needed = decision.shouldOrder && input.forecastDailyDemand > 0;

  if (active === null) {
    if (!needed) return { kind: 'none', reason: noNeedReason(stockPosition, reorderPoint, input.forecastDailyDemand) };
    return {
      kind: 'open',
      orderQuantity: decision.quantity,
      reason: `Stock position ${stockPosition} fell to the reorder point ${reorderPoint}`,
    };
  }

  if (stockPosition > reorderPoint || input.forecastDailyDemand <= 0) {
    return { kind: 'cleared', reason: clearanceReason(stockPosition, reorderPoint, input) };
  }
  if (needed && grewMaterially(active.orderQuantity, decision.quantity, input)) {
    return {
      kind: 'updated',
      orderQuantity: decision.quantity,
      reason: `Stock position ${stockPosition} is further below the reorder point ${reorderPoint}: the order grows from ${active.orderQuantity} to ${decision.quantity}`,
    };
  }
  return { kind: 'none', reason: `Suggestion ${active.suggestionId} still covers the need` };
}

function noNeedReason(stockPosition: number, reorderPoint: number, forecastDailyDemand: number): string {
  if (stockPosition > reorderPoint) return `Stock position ${stockPosition} is above the reorder point ${reorderPoint}`;
  if (forecastDailyDemand <= 0) return 'No demand is forecast';
  return `Stock position ${stockPosition} already reaches the order-up-to level`;
}

function grewMaterially(previous: number, now: number, input: SuggestionInput): boolean {
  const pack = input.reorderPolicy.packSize ?? 1;
  return now >= previous + pack && now >= previous * (1 + input.materialGrowth);
}

function clearanceReason(stockPosition: number, reorderPoint: number, input: SuggestionInput): string {
  if (input.forecastDailyDemand <= 0) return 'The forecast no longer expects any demand';
  const above = `stock position ${stockPosition} is above the reorder point ${reorderPoint}`;
  switch (input.riseCause) {
    case 'order':
      return `An order was placed: ${above}`;
    case 'receipt':
      return `A receipt arrived: ${above}`;
    case 'transfer':
      return `A transfer is on its way: ${above}`;
    case 'refit':
      return `The refitted forecast lowered the reorder point: ${above}`;
    default:
      return `The ${above}`;
  }
}
