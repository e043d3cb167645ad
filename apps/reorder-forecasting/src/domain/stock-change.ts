// What the service needs to know of one applied movement (a stock-changed event), in plain data:
// the movement's effect on on hand and the balance right after it.

export interface StockChange {
  readonly movementId: string;
  readonly kind: string;
  readonly sku: string;
  readonly locationId: string;
  /** Effect on on hand: negative for a sale, positive for a return or a voided sale. */
  readonly quantityDelta: number;
  readonly onHand: number;
  readonly onOrder: number;
  readonly inTransit: number;
  readonly balanceVersion: number;
  /** Business time of the movement, epoch milliseconds. */
  readonly occurredAt: number;
}

export interface ItemLocation {
  readonly sku: string;
  readonly locationId: string;
}

/** Same text as the Kafka key of the item at the location (`sku@locationId`). */
export function itemKey(item: ItemLocation): string {
  return `${item.sku}@${item.locationId}`;
}

/** Drops repeated movement ids, keeping the first occurrence (a batch may carry a retried event twice). */
export function uniqueByMovement<T extends { readonly movementId: string }>(changes: readonly T[]): T[] {
  const seen = new Set<string>();
  return changes.filter((change) => (seen.has(change.movementId) ? false : (seen.add(change.movementId), true)));
}
