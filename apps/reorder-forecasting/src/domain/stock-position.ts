// The stock position of an item at a location as the latest stock-changed event reports it. The
// ledger numbers every balance change (balanceVersion), so an event at or below the version already
// known is stale (a duplicate or a replay) and changes nothing.
import { type ItemLocation, type StockChange, itemKey } from './stock-change';

export interface StockPosition extends ItemLocation {
  readonly onHand: number;
  readonly onOrder: number;
  readonly inTransit: number;
  readonly balanceVersion: number;
}

export interface PositionChange {
  readonly before: StockPosition | null;
  readonly after: StockPosition;
}

/**
 * Stock available to cover demand until the next delivery: on hand plus on order, plus stock in
 * transit to the location when it counts as inbound. Nothing is committed to customer orders in
 * this platform, so nothing is subtracted.
 */
export function positionLevel(position: Pick<StockPosition, 'onHand' | 'onOrder' | 'inTransit'>, includeInTransit: boolean): number {
  return position.onHand + position.onOrder + (includeInTransit ? position.inTransit : 0);
}

/** The newest balance per key among `changes`, for keys where it is newer than the one known. */
export function advancePositions(known: ReadonlyMap<string, StockPosition>, changes: readonly StockChange[]): Map<string, PositionChange> {
  const advanced = new Map<string, PositionChange>();
  for (const change of changes) {
    const key = itemKey(change);
    const current = advanced.get(key)?.after ?? known.get(key) ?? null;
    if (current !== null && current.balanceVersion >= change.balanceVersion) continue;
    advanced.set(key, {
      before: advanced.get(key)?.before ?? known.get(key) ?? null,
      after: {
        sku: change.sku,
        locationId: change.locationId,
        onHand: change.onHand,
        onOrder: change.onOrder,
        inTransit: change.inTransit,
        balanceVersion: change.balanceVersion,
      },
    });
  }
  return advanced;
}

export type PositionRiseCause = 'receipt' | 'order' | 'transfer' | null;

/** What raised the position between two balances, to explain a cleared suggestion. */
export function positionRiseCause(before: StockPosition | null, after: StockPosition): PositionRiseCause {
  if (before === null) return null;
  if (after.onOrder > before.onOrder) return 'order';
  if (after.onHand > before.onHand) return 'receipt';
  if (after.inTransit > before.inTransit) return 'transfer';
  return null;
}
