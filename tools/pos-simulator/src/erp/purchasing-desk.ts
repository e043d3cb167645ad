// The ERP's purchasing clerk: answers each open reorder suggestion with one purchase order
// (an order-placed movement) and, once the simulated lead time has passed, the goods receipt
// that names the order. One open order per sku/location at a time, and a suggestion seen twice
// (a redelivery, an 'updated' advice) never orders twice.
import { stockKey, type InventoryMovementV1, type ReorderSuggestionV1 } from '@ledgerline/contracts';
import { orderPlaced, purchaseReceipt, type PurchaseOrder } from '../generation/erp-movements';

export interface PurchasingOptions {
  readonly runId: string;
  /** Real seconds between order and delivery (lead times in days would outlast any demo). */
  readonly leadTimeSeconds: number;
  /** Purchase cost of a sku, in cents; unknown SKUs (e.g. from a replay) get a fallback. */
  costCentsOf(sku: string): number | undefined;
  readonly fallbackCostCents: number;
}

interface OpenOrder {
  readonly order: PurchaseOrder;
  readonly dueAt: number;
}

export class PurchasingDesk {
  private readonly openOrders = new Map<string, OpenOrder>();
  private readonly answeredSuggestions = new Set<string>();
  private ordersPlaced = 0;
  private receiptsPosted = 0;

  constructor(private readonly options: PurchasingOptions) {}

  /** Movements to publish in answer to a suggestion (an order, or nothing). */
  answer(suggestion: ReorderSuggestionV1, now: Date): InventoryMovementV1[] {
    if (suggestion.status === 'cleared') return [];
    if (suggestion.orderQuantity <= 0) return [];
    if (this.answeredSuggestions.has(suggestion.suggestionId)) return [];
    const key = stockKey(suggestion.sku, suggestion.locationId);
    if (this.openOrders.has(key)) return [];

    this.answeredSuggestions.add(suggestion.suggestionId);
    this.ordersPlaced += 1;
    const dueAt = now.getTime() + this.options.leadTimeSeconds * 1000;
    const order: PurchaseOrder = {
      purchaseOrderId: `PO-${this.options.runId}-${String(this.ordersPlaced).padStart(5, '0')}`,
      sku: suggestion.sku,
      locationId: suggestion.locationId,
      quantity: suggestion.orderQuantity,
      unitCostCents: this.options.costCentsOf(suggestion.sku) ?? this.options.fallbackCostCents,
      placedAt: now.toISOString(),
      expectedAt: new Date(dueAt).toISOString(),
    };
    this.openOrders.set(key, { order, dueAt });
    return [orderPlaced(order)];
  }

  /** Receipts of every order whose lead time has passed by `now`. */
  deliveriesDue(now: Date): InventoryMovementV1[] {
    const receipts: InventoryMovementV1[] = [];
    for (const [key, open] of this.openOrders) {
      if (open.dueAt > now.getTime()) continue;
      this.openOrders.delete(key);
      this.receiptsPosted += 1;
      receipts.push(purchaseReceipt(open.order, now.toISOString()));
    }
    return receipts;
  }

  status(): { ordersPlaced: number; receiptsPosted: number; openOrders: number } {
    return { ordersPlaced: this.ordersPlaced, receiptsPosted: this.receiptsPosted, openOrders: this.openOrders.size };
  }
}
