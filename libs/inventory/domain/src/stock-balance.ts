// The derived state of one SKU at one location. It is only ever produced by folding ledger
// movements through applyMovement, so it can always be recomputed from the ledger (see
// replayBalance) and compared with what is stored.
import { Money, ZERO_MONEY } from '@ledgerline/money';

export interface StockBalance {
  readonly sku: string;
  readonly locationId: string;
  /** Units on the shelf by the record. May be negative: a sale is never rejected. */
  readonly onHand: number;
  /** Units shipped to this location and not yet received. Negative when a receipt beat its shipment. */
  readonly inTransit: number;
  /** Units on open purchase orders, never below zero. */
  readonly onOrder: number;
  /** Value of the on-hand units, in ten-thousandths. */
  readonly inventoryValue: Money;
  /** Value of the in-transit units, in ten-thousandths. */
  readonly inTransitValue: Money;
  /** Moving weighted average cost per unit; the last known one while on hand is zero or negative. */
  readonly averageUnitCost: Money;
  /** Number of movements applied, derived ones included. Doubles as an optimistic-lock version. */
  readonly version: number;
  /** Business time (ms epoch) of the latest physical count applied, or null if never counted. */
  readonly lastCountAt: number | null;
  /** Latest business time (ms epoch) among the applied movements, or null before the first one. */
  readonly lastMovementAt: number | null;
}

/** Identifies one balance; the same string is the Kafka key of its movements. */
export interface BalanceKey {
  readonly sku: string;
  readonly locationId: string;
}

/** `sku@locationId`, the partition key of inventory topics. */
export function balanceKey(key: BalanceKey): string {
  return `${key.sku}@${key.locationId}`;
}

export function emptyBalance(sku: string, locationId: string): StockBalance {
  return {
    sku,
    locationId,
    onHand: 0,
    inTransit: 0,
    onOrder: 0,
    inventoryValue: ZERO_MONEY,
    inTransitValue: ZERO_MONEY,
    averageUnitCost: ZERO_MONEY,
    version: 0,
    lastCountAt: null,
    lastMovementAt: null,
  };
}
