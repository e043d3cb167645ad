// The movements the ledger understands, one variant per kind in docs/architecture.md. These are
// the domain's own types: the apps map event contracts onto them at the edge.
import { Money } from '@ledgerline/money';
import type { ValuationMethod } from './valuation-method';

interface MovementBase {
  /** Globally unique and stable across retries; the idempotency key. */
  readonly movementId: string;
  readonly sku: string;
  readonly locationId: string;
  /** Business time at the source, ms since epoch (the till's clock for a sale). */
  readonly occurredAt: number;
  /** For a movement the ledger derived: the movement that caused it (becomes the causation id). */
  readonly causedByMovementId?: string;
}

/** Units sold at a till; always positive. */
export interface SaleMovement extends MovementBase {
  readonly kind: 'sale';
  readonly quantity: number;
}

export interface ReturnMovement extends MovementBase {
  readonly kind: 'return';
  readonly quantity: number;
}

/** Cancels an earlier sale (units come back) or return (units leave again). */
export interface VoidMovement extends MovementBase {
  readonly kind: 'void';
  readonly quantity: number;
  readonly voidedKind: 'sale' | 'return';
}

/**
 * Goods bought. `totalCost`, when present, is the exact cost of all the units in the valuation
 * currency and is what the ledger books; otherwise quantity x unitCost is (docs/valuation.md).
 */
export interface ReceiptMovement extends MovementBase {
  readonly kind: 'receipt';
  readonly quantity: number;
  readonly unitCost: Money;
  readonly totalCost?: Money;
  /** When present, the receipt fulfils this purchase order and reduces on order. */
  readonly purchaseOrderId?: string;
}

/** A signed correction of on hand; `quantity` is negative for a write-off. */
export interface AdjustmentMovement extends MovementBase {
  readonly kind: 'adjustment';
  readonly quantity: number;
  readonly reasonCode: string;
}

/** Goods leave this location (the source) for `toLocationId`. */
export interface TransferOutMovement extends MovementBase {
  readonly kind: 'transfer-out';
  readonly quantity: number;
  readonly transferId: string;
  readonly toLocationId: string;
}

/**
 * Derived by the ledger at the source, applied at the destination: the goods are on their way.
 * `totalCost` is the exact value that left the source; `unitCost` is that value per unit, rounded.
 * When `totalCost` is absent (a producer that only sends the unit cost), quantity x unitCost is used.
 */
export interface TransferShippedMovement extends MovementBase {
  readonly kind: 'transfer-shipped';
  readonly quantity: number;
  readonly transferId: string;
  readonly fromLocationId: string;
  readonly unitCost: Money;
  readonly totalCost?: Money;
  /**
   * Set by a source valued first in, first out: the layers the transfer took, oldest first, whose
   * units and totals add up to the shipment's. A destination valued by layers opens one per element.
   */
  readonly layers?: readonly CarriedLayer[];
}

/** Units a transfer took from one FIFO layer at the source, with their exact value and age. */
export interface CarriedLayer {
  readonly units: number;
  readonly totalCost: Money;
  /** Business time (ms epoch) the units were received into the ledger, kept across transfers. */
  readonly receivedAt: number;
}

/** Goods arrive at this location (the destination). */
export interface TransferInMovement extends MovementBase {
  readonly kind: 'transfer-in';
  readonly quantity: number;
  readonly transferId: string;
  readonly fromLocationId: string;
}

/** A physical count: the shelf held `countedQuantity` units at `occurredAt`. */
export interface CountMovement extends MovementBase {
  readonly kind: 'count';
  readonly countId: string;
  readonly countedQuantity: number;
}

export interface OrderPlacedMovement extends MovementBase {
  readonly kind: 'order-placed';
  readonly quantity: number;
  readonly purchaseOrderId?: string;
}

export interface OrderCancelledMovement extends MovementBase {
  readonly kind: 'order-cancelled';
  readonly quantity: number;
  readonly purchaseOrderId?: string;
}

/**
 * An additional cost (freight, duty, insurance, handling) or a price correction, positive or
 * negative, posted after the goods against an earlier receipt of this key (docs/valuation.md,
 * "Landed costs"). `amount` is in the valuation currency. The part of the receipt still on hand
 * revalues the shelf; the ledger derives a landed-cost-variance for the part already gone.
 */
export interface LandedCostMovement extends MovementBase {
  readonly kind: 'landed-cost';
  readonly receiptMovementId: string;
  readonly amount: Money;
  readonly costType: string;
}

/**
 * Derived by the ledger from a landed cost, for the same key: the part of the amount that
 * belongs to units of the receipt no longer on the shelf, booked as cost of goods sold.
 */
export interface LandedCostVarianceMovement extends MovementBase {
  readonly kind: 'landed-cost-variance';
  readonly receiptMovementId: string;
  readonly amount: Money;
  readonly costType: string;
}

/**
 * Derived by the ledger from the catalog, one per key of an item whose valuation method changed
 * (docs/valuation.md, "The method is the item's"): from this point in the key's own order it is
 * valued by `method`. No figure changes; only how the value is held.
 */
export interface ValuationMethodChangeMovement extends MovementBase {
  readonly kind: 'valuation-method-change';
  readonly method: ValuationMethod;
}

export type Movement =
  | SaleMovement
  | ReturnMovement
  | VoidMovement
  | ReceiptMovement
  | AdjustmentMovement
  | TransferOutMovement
  | TransferShippedMovement
  | TransferInMovement
  | CountMovement
  | OrderPlacedMovement
  | OrderCancelledMovement
  | LandedCostMovement
  | LandedCostVarianceMovement
  | ValuationMethodChangeMovement;

export type MovementKind = Movement['kind'];

export const MOVEMENT_KINDS: readonly MovementKind[] = [
  'sale',
  'return',
  'void',
  'receipt',
  'adjustment',
  'transfer-out',
  'transfer-shipped',
  'transfer-in',
  'count',
  'order-placed',
  'order-cancelled',
  'landed-cost',
  'landed-cost-variance',
  'valuation-method-change',
];

/** What a landed cost pays for; `price-correction` is a change of the invoice price itself. */
export const LANDED_COST_TYPES: readonly string[] = ['freight', 'duty', 'insurance', 'handling', 'price-correction', 'other'];

/** Reason code of the adjustment a count derives to post its variance. */
export const COUNT_VARIANCE_REASON = 'count-variance';
/** Reason code of the adjustment that cancels a late movement a count already saw. */
export const COUNT_CORRECTION_REASON = 'count-correction';
/**
 * Reason codes only the ledger may use. Adjustments carrying them are exempt from the
 * late-movement rule, otherwise a count's own variance (dated at the count) would be cancelled.
 */
export const LEDGER_RESERVED_REASONS: readonly string[] = [COUNT_VARIANCE_REASON, COUNT_CORRECTION_REASON];
