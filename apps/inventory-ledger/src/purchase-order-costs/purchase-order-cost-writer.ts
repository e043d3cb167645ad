// Applies a cost posted for a whole purchase order (docs/valuation.md, "Costs of a whole purchase
// order"): in one transaction, the cost's record (its id and the body it came with) and one
// landed-cost movement per share, queued in the outbox for the movements topic like every
// movement the ledger derives. Each receipt's key then applies its landed cost in order with its
// other movements, under every landed-cost rule (shelf part, variance, refusals). The cost is
// shared over the order's receipts the ledger holds when the cost is applied, read from their
// index by the order's id, never from the movement history.
//
// Exactly once: the record and the outbox rows commit together, and the consumer commits the
// offset only after; a cost delivered again finds its record and changes nothing, and a derived
// landed cost published twice is one movement id, applied once by its key.
import type { DataSource } from 'typeorm';
import { contentFingerprint, type PurchaseOrderCostV1 } from '@ledgerline/contracts';
import {
  LedgerError,
  allocatePurchaseOrderCost,
  costInValuationCurrency,
  purchaseOrderShareId,
  requireDerivableIds,
  requireWithinReceivedValue,
  type LandedCostMovement,
} from '@ledgerline/inventory-domain';
import { PermanentMessageError } from '@ledgerline/messaging';
import { isWithinWireRange, parseMoney, type Money } from '@ledgerline/money';
import { readCommittedTransaction } from '@ledgerline/runtime';
import { PurchaseOrderSql } from '../persistence/purchase-order-sql';
import { outboundMovementRow, type CausingEvent } from '../ledger/ledger-events';

export type PurchaseOrderCostResult = { outcome: 'applied'; landedCosts: number } | { outcome: 'duplicate' };

export class PurchaseOrderCostWriter {
  private readonly sql: PurchaseOrderSql;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    private readonly valuationCurrency: string,
  ) {
    this.sql = new PurchaseOrderSql(schema);
  }

  /** Throws PermanentMessageError for a cost the ledger refuses (nothing of it applied); any other error is worth a retry. */
  async apply(cost: PurchaseOrderCostV1, cause: CausingEvent | undefined): Promise<PurchaseOrderCostResult> {
    try {
      return await readCommittedTransaction(this.dataSource, async (manager) => {
        const fingerprint = contentFingerprint(cost);
        const recorded = await this.sql.recordedCost(manager, cost.costId);
        if (recorded !== undefined) {
          if (recorded.fingerprint !== fingerprint) throw conflict(cost);
          return { outcome: 'duplicate' as const };
        }
        const amount = this.amountInValuationCurrency(cost);
        const receipts = await this.sql.receiptsOf(manager, cost.purchaseOrderId);
        if (receipts.length === 0) throw unknownPurchaseOrder(cost);
        requireWithinReceivedValue(cost.costId, amount, receipts);
        requireDerivableIds(cost.costId, receipts);
        const allocation = allocatePurchaseOrderCost(amount, receipts);
        const recordedNow = await this.sql.recordCost(manager, {
          costId: cost.costId,
          purchaseOrderId: cost.purchaseOrderId,
          fingerprint,
          amount,
          basis: allocation.basis,
          shares: allocation.shares.length,
          payload: cost,
        });
        // Another transaction recorded this id first and has committed: go round again to compare with it.
        if (!recordedNow) throw new Error(`purchase order cost ${cost.costId} was recorded meanwhile by another transaction`);
        const occurredAt = Date.parse(cost.occurredAt);
        const landedCosts = allocation.shares.map(
          ({ receipt, amount: share }): LandedCostMovement => ({
            kind: 'landed-cost',
            movementId: purchaseOrderShareId(cost.costId, receipt.receiptMovementId),
            sku: receipt.sku,
            locationId: receipt.locationId,
            occurredAt,
            causedByMovementId: cost.costId,
            receiptMovementId: receipt.receiptMovementId,
            amount: share,
            costType: cost.costType,
          }),
        );
        await this.sql.queueMovements(manager, landedCosts.map((movement) => outboundMovementRow(movement, cause)));
        return { outcome: 'applied' as const, landedCosts: landedCosts.length };
      });
    } catch (error) {
      throw asMessageFault(error);
    }
  }

  /** Converted once, as one total at its rate, like a landed cost's amount; refused as a landed cost would be. */
  private amountInValuationCurrency(cost: PurchaseOrderCostV1): Money {
    const stated = parseMoney(cost.amount);
    const valued = costInValuationCurrency(
      { movementId: cost.costId, quantity: 1, unitCost: stated, currency: cost.currency, exchangeRate: cost.exchangeRate },
      this.valuationCurrency,
    );
    const amount = valued.totalCost ?? valued.unitCost;
    if (amount === 0n) throw new LedgerError('LEDGER.INVALID_MOVEMENT', `purchase order cost ${cost.costId} converts to zero in ${this.valuationCurrency}`, 'amount');
    if (!isWithinWireRange(amount)) throw new LedgerError('LEDGER.COST_OUT_OF_RANGE', `purchase order cost ${cost.costId} is beyond the largest amount`, 'amount');
    return amount;
  }
}

function conflict(cost: PurchaseOrderCostV1): PermanentMessageError {
  return new PermanentMessageError('LEDGER.CONFLICT', `purchase order cost ${cost.costId} was already received with other content: a cost id names one cost`, [
    { path: 'payload.costId', message: 'already used for a cost with other content' },
  ]);
}

function unknownPurchaseOrder(cost: PurchaseOrderCostV1): PermanentMessageError {
  return new PermanentMessageError(
    'LEDGER.UNKNOWN_PURCHASE_ORDER',
    `purchase order ${cost.purchaseOrderId} has no receipt in this ledger: cost ${cost.costId} has nothing to be shared over; replay it once the receipts are in`,
    [{ path: 'payload.purchaseOrderId', message: `no receipt of purchase order ${cost.purchaseOrderId} in the ledger` }],
  );
}

const COST_FAULTS: ReadonlySet<string> = new Set(['LEDGER.INVALID_MOVEMENT', 'LEDGER.COST_OUT_OF_RANGE', 'LEDGER.CURRENCY_MISMATCH']);

function asMessageFault(error: unknown): unknown {
  if (!(error instanceof LedgerError) || !COST_FAULTS.has(error.code)) return error;
  return new PermanentMessageError(error.code, error.message, error.field === undefined ? [] : [{ path: `payload.${error.field}`, message: error.message }]);
}
