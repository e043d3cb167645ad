// A cost posted for a whole purchase order (freight, duty or a price difference of the order)
// is shared over the order's receipts the ledger holds, and each share becomes an ordinary
// landed cost of its receipt (docs/valuation.md, "Costs of a whole purchase order"). The split is
// by the value each receipt booked, so a pallet of cheap goods does not carry the freight of the
// expensive ones; when every receipt booked zero, value says nothing and quantity decides. Shares
// are whole ten-thousandths by the largest remainder: each receipt first takes its exact share
// rounded toward zero, and the ten-thousandths still missing go one each to the largest
// remainders, ties to the receipt whose id sorts first. The shares therefore add up to the amount
// exactly and none differs from its exact share by a ten-thousandth or more.
import { Money, ZERO_MONEY } from '@ledgerline/money';
import { LedgerError } from './ledger-error';
import { landedCostVarianceId } from './landed-cost';

/** The longest movement id the inventory-movement contract accepts. */
export const MAX_DERIVED_MOVEMENT_ID_LENGTH = 256;

/** A receipt of the order as the ledger booked it. */
export interface PurchaseOrderReceipt {
  readonly receiptMovementId: string;
  readonly sku: string;
  readonly locationId: string;
  readonly quantity: number;
  /** What the receipt booked in the valuation currency (its landed costs not counted). */
  readonly receivedValue: Money;
}

export interface PurchaseOrderCostShare {
  readonly receipt: PurchaseOrderReceipt;
  /** Never zero: a receipt whose share rounds to nothing gets no landed cost. */
  readonly amount: Money;
}

/** What the shares are proportional to. */
export type AllocationBasis = 'received-value' | 'quantity';

export interface PurchaseOrderCostAllocation {
  readonly basis: AllocationBasis;
  readonly shares: readonly PurchaseOrderCostShare[];
}

/** Splits `amount` over `receipts` (at least one) by received value, or by quantity when every receipt booked zero. */
export function allocatePurchaseOrderCost(amount: Money, receipts: readonly PurchaseOrderReceipt[]): PurchaseOrderCostAllocation {
  if (receipts.length === 0) throw new Error('a purchase order cost is shared over at least one receipt');
  const ordered = [...receipts].sort((a, b) => compareIds(a.receiptMovementId, b.receiptMovementId));
  const basis: AllocationBasis = ordered.some((receipt) => receipt.receivedValue > ZERO_MONEY) ? 'received-value' : 'quantity';
  const magnitude = amount < 0n ? -amount : amount;
  const parts = ordered.map((receipt, order) => ({ receipt, order, weight: basis === 'received-value' ? receipt.receivedValue : BigInt(receipt.quantity), share: 0n, remainder: 0n }));
  const total = parts.reduce((sum, part) => sum + part.weight, 0n);
  let missing = magnitude;
  for (const part of parts) {
    part.share = (magnitude * part.weight) / total;
    part.remainder = (magnitude * part.weight) % total;
    missing -= part.share;
  }
  // Fewer ten-thousandths are missing than there are receipts: each goes to a different one.
  const byRemainder = [...parts].sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.order - b.order));
  for (const part of byRemainder.slice(0, Number(missing))) part.share += 1n;
  const sign = amount < 0n ? -1n : 1n;
  return { basis, shares: parts.filter((part) => part.share !== 0n).map((part) => ({ receipt: part.receipt, amount: sign * part.share })) };
}

/** The landed cost a share becomes: derived from the cost's id and the receipt's, so a redelivery derives the same one. */
export function purchaseOrderShareId(costId: string, receiptMovementId: string): string {
  return `${costId}:${receiptMovementId}`;
}

/**
 * Refuses a cost whose derived landed costs (or their variances) would carry an id longer than a
 * movement id may be: the movements topic would refuse them after the cost was accepted.
 */
export function requireDerivableIds(costId: string, receipts: readonly PurchaseOrderReceipt[]): void {
  for (const receipt of receipts) {
    if (landedCostVarianceId(purchaseOrderShareId(costId, receipt.receiptMovementId)).length > MAX_DERIVED_MOVEMENT_ID_LENGTH) {
      throw new LedgerError(
        'LEDGER.INVALID_MOVEMENT',
        `purchase order cost ${costId}: the landed cost for receipt ${receipt.receiptMovementId} would need an id longer than ${MAX_DERIVED_MOVEMENT_ID_LENGTH} characters; use a shorter cost id`,
        'costId',
      );
    }
  }
}

/** A negative correction may lower the order's receipts at most to zero, as a landed cost may its receipt. */
export function requireWithinReceivedValue(costId: string, amount: Money, receipts: readonly PurchaseOrderReceipt[]): void {
  const received = receipts.reduce((sum, receipt) => sum + receipt.receivedValue, 0n);
  if (amount < 0n && -amount > received) {
    throw new LedgerError(
      'LEDGER.COST_OUT_OF_RANGE',
      `purchase order cost ${costId} lowers the order's receipts by more than they booked`,
      'amount',
    );
  }
}

/** Code point order, the same in every runtime and locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
