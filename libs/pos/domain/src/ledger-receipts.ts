// What the front door learns of a transfer line received through any door, from the ledger's
// stock-changed events: each transfer-in the ledger applied, at the destination, naming the
// transfer and its source, its quantity the units it put on the shelf (its on-hand delta). Keyed by
// the transfer-in's movement id, the id the front door records a receipt posted over HTTP under, so
// a receipt taken through both doors counts once.
import type { StockChangedV1 } from '@ledgerline/contracts';

export interface LedgerReceipt {
  /** The transfer-in's movement id. */
  readonly movementId: string;
  readonly transferId: string;
  readonly sku: string;
  readonly fromLocationId: string;
  readonly toLocationId: string;
  readonly quantity: number;
}

export interface LedgerReceiptsOfEvents {
  /** One per receipt, a redelivered event once. */
  readonly receipts: LedgerReceipt[];
  /** Transfer-in events that name no transfer or no source: applied before the ledger stated them. */
  readonly unnamed: StockChangedV1[];
}

export class LedgerReceiptEventError extends Error {
  readonly code = 'TRANSFERS.INCONSISTENT_RECEIPT_EVENT';
}

export function ledgerReceiptsOf(events: readonly StockChangedV1[]): LedgerReceiptsOfEvents {
  const receipts = new Map<string, LedgerReceipt>();
  const unnamed: StockChangedV1[] = [];
  for (const event of events) {
    if (event.kind !== 'transfer-in') continue;
    if (event.transferId === undefined || event.fromLocationId === undefined) {
      unnamed.push(event);
      continue;
    }
    if (event.quantityDelta <= 0) {
      // A receipt puts units on the shelf: counting this one would let the door take more than was shipped.
      throw new LedgerReceiptEventError(`transfer-in ${event.movementId} changes on hand by ${event.quantityDelta}: what it received cannot be told`);
    }
    receipts.set(event.movementId, {
      movementId: event.movementId,
      transferId: event.transferId,
      sku: event.sku,
      fromLocationId: event.fromLocationId,
      toLocationId: event.locationId,
      quantity: event.quantityDelta,
    });
  }
  return { receipts: [...receipts.values()], unnamed };
}
