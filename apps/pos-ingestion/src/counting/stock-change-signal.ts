// What one stock-changed event tells the counting program. The ledger posts a count's variance
// as a derived adjustment `<count movement id>:variance` and cancels a movement a count already
// saw with `<id>:count-correction`: the first is a count variance, the second nothing, and only
// other stock-reducing adjustments (damage, theft, loss, write-offs) are shrinkage.
import type { StockChangedV1 } from '@ledgerline/contracts';

export const DAY_MS = 86_400_000;

export interface StockChangeSignal {
  readonly locationId: string;
  readonly sku: string;
  readonly day: number;
  readonly onHand: number;
  readonly averageUnitCost: string;
  readonly balanceVersion: number;
  readonly counted: boolean;
  readonly unitsSold: number;
  readonly variances: number;
  readonly shrinkageAdjustments: number;
  readonly soldWhileBookEmpty: boolean;
}

const SALES_KINDS: ReadonlySet<string> = new Set(['sale', 'return', 'void']);

export function dayOf(isoTime: string): number {
  return Math.floor(Date.parse(isoTime) / DAY_MS);
}

export function stockChangeSignal(event: StockChangedV1): StockChangeSignal {
  const isVarianceAdjustment = event.kind === 'adjustment' && event.movementId.endsWith(':variance');
  const isCountCorrection = event.kind === 'adjustment' && event.movementId.endsWith(':count-correction');
  const bookBefore = event.onHand - event.quantityDelta;
  return {
    locationId: event.locationId,
    sku: event.sku,
    day: dayOf(event.occurredAt),
    onHand: event.onHand,
    averageUnitCost: event.averageUnitCost,
    balanceVersion: event.balanceVersion,
    counted: event.kind === 'count',
    // A sale takes units off (negative delta), a return or void gives them back.
    unitsSold: SALES_KINDS.has(event.kind) ? -event.quantityDelta : 0,
    variances: isVarianceAdjustment || (event.kind === 'count' && event.quantityDelta !== 0) ? 1 : 0,
    shrinkageAdjustments: event.kind === 'adjustment' && !isVarianceAdjustment && !isCountCorrection && event.quantityDelta < 0 ? 1 : 0,
    soldWhileBookEmpty: event.kind === 'sale' && event.quantityDelta < 0 && bookBefore <= 0,
  };
}
