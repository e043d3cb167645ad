// Alerts the ledger raises, as drafts: the app gives them ids (deterministic, e.g.
// `${kind}:${causedByMovementId}`), timestamps and an envelope before publishing.
import { Money } from '@ledgerline/money';

interface AlertDraftBase {
  readonly sku: string;
  readonly locationId: string;
  /** The movement whose application raised the alert. */
  readonly causedByMovementId: string;
  /** Business time of that movement. */
  readonly occurredAt: number;
  /** On hand after the movement. */
  readonly onHand: number;
}

/** On hand is below zero after a movement that lowered it. */
export interface NegativeStockAlertDraft extends AlertDraftBase {
  readonly kind: 'negative-stock';
}

/** On hand reached exactly zero from above. */
export interface StockoutAlertDraft extends AlertDraftBase {
  readonly kind: 'stockout';
}

/** On hand crossed from at or above the threshold to below it. */
export interface LowStockAlertDraft extends AlertDraftBase {
  readonly kind: 'low-stock';
  readonly threshold: number;
}

/** A physical count disagreed with the record. */
export interface CountVarianceAlertDraft extends AlertDraftBase {
  readonly kind: 'count-variance';
  readonly countId: string;
  readonly countedQuantity: number;
  /** What the record said the shelf held at the count time. */
  readonly expectedQuantity: number;
  /** counted - expected; negative means units are missing. */
  readonly variance: number;
  /** variance x average unit cost at the time of the count (the adjustment posts the exact value). */
  readonly varianceValue: Money;
}

export type AlertDraft = NegativeStockAlertDraft | StockoutAlertDraft | LowStockAlertDraft | CountVarianceAlertDraft;

export type AlertKind = AlertDraft['kind'];
