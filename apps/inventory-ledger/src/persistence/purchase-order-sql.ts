// The ledger's SQL for costs of a whole purchase order (docs/valuation.md, "Costs of a whole
// purchase order"): the index of each order's receipts, added to in the statement that records
// the receipts (writeBatch takes its part from here), read for one order at a time; and the
// record of each cost applied, written in the transaction that queues its landed costs.
import type { EntityManager } from 'typeorm';
import { formatMoney, parseMoney, type Money } from '@ledgerline/money';
import type { BalanceKey, LedgerEntry, PurchaseOrderReceipt } from '@ledgerline/inventory-domain';
import type { OutboxRow } from '../ledger/ledger-events';

/** A receipt of the batch that names its purchase order, as the index keeps it. */
export interface PurchaseOrderReceiptRow extends BalanceKey {
  purchaseOrderId: string;
  receiptMovementId: string;
  quantity: number;
  receivedValue: Money;
}

/** The batch's new receipts that name a purchase order, with the value each booked (a true-up included: it is what the receipt cost). */
export function purchaseOrderReceiptsOf(entries: readonly LedgerEntry[]): PurchaseOrderReceiptRow[] {
  return entries.flatMap(({ movement, outcome }) =>
    movement.kind === 'receipt' && movement.purchaseOrderId !== undefined
      ? [
          {
            purchaseOrderId: movement.purchaseOrderId,
            receiptMovementId: movement.movementId,
            sku: movement.sku,
            locationId: movement.locationId,
            quantity: movement.quantity,
            receivedValue: outcome.valueDelta + outcome.costOfGoodsSold,
          },
        ]
      : [],
  );
}

/** The part of writeBatch's statement that indexes its receipts; `parameter` numbers the document among the statement's parameters. */
export function purchaseOrderReceiptsPart(table: string, rows: readonly PurchaseOrderReceiptRow[], parameter: (value: unknown) => string): string {
  const document = JSON.stringify(
    rows.map((row) => ({
      purchase_order_id: row.purchaseOrderId,
      receipt_movement_id: row.receiptMovementId,
      sku: row.sku,
      location_id: row.locationId,
      quantity: row.quantity,
      received_value: formatMoney(row.receivedValue),
    })),
  );
  return `ordered AS (
     INSERT INTO ${table} (purchase_order_id, receipt_movement_id, sku, location_id, quantity, received_value)
     SELECT purchase_order_id, receipt_movement_id, sku, location_id, quantity, received_value
       FROM jsonb_to_recordset(${parameter(document)}::jsonb)
            AS r(purchase_order_id text, receipt_movement_id text, sku text, location_id text, quantity bigint, received_value numeric))`;
}

/** A cost applied before: what it was received with. */
export interface RecordedPurchaseOrderCost {
  fingerprint: string;
}

export interface PurchaseOrderCostRecord {
  costId: string;
  purchaseOrderId: string;
  fingerprint: string;
  /** In the valuation currency. */
  amount: Money;
  basis: string;
  shares: number;
  /** The cost as received (its amount as stated, its currency and rate). */
  payload: unknown;
}

export class PurchaseOrderSql {
  constructor(private readonly schema: string) {}

  /** The record of a cost already applied, if any. */
  async recordedCost(manager: Pick<EntityManager, 'query'>, costId: string): Promise<RecordedPurchaseOrderCost | undefined> {
    const rows: Array<{ fingerprint: string }> = await manager.query(`SELECT fingerprint FROM ${this.t('purchase_order_cost')} WHERE cost_id = $1`, [costId]);
    return rows[0];
  }

  /**
   * The order's receipts the ledger applied, in id order; a receipt of an archived month
   * included (its landed cost finds it in landed_cost_receipt). Reads the order's rows of the
   * index by its primary key.
   */
  async receiptsOf(manager: Pick<EntityManager, 'query'>, purchaseOrderId: string): Promise<PurchaseOrderReceipt[]> {
    const rows: Array<{ receipt_movement_id: string; sku: string; location_id: string; quantity: string; received_value: string }> = await manager.query(
      `SELECT r.receipt_movement_id, r.sku, r.location_id, r.quantity::text AS quantity, r.received_value::text AS received_value
         FROM ${this.t('purchase_order_receipt')} r
        WHERE r.purchase_order_id = $1
          AND EXISTS (SELECT 1 FROM ${this.t('applied_movement_id')} a WHERE a.movement_id = r.receipt_movement_id)
        ORDER BY r.receipt_movement_id`,
      [purchaseOrderId],
    );
    return rows.map((row) => ({
      receiptMovementId: row.receipt_movement_id,
      sku: row.sku,
      locationId: row.location_id,
      quantity: Number(row.quantity),
      receivedValue: parseMoney(row.received_value),
    }));
  }

  /** Records the cost; false when another transaction recorded the same id first (its commit decides). */
  async recordCost(manager: Pick<EntityManager, 'query'>, record: PurchaseOrderCostRecord): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${this.t('purchase_order_cost')} (cost_id, purchase_order_id, fingerprint, amount, basis, shares, payload)
       VALUES ($1, $2, $3, $4::numeric, $5, $6, $7::json)
       ON CONFLICT (cost_id) DO NOTHING RETURNING cost_id`,
      [record.costId, record.purchaseOrderId, record.fingerprint, formatMoney(record.amount), record.basis, record.shares, JSON.stringify(record.payload)],
    );
    return rows.length > 0;
  }

  /** The landed costs a cost derives, for the relay to publish to the movements topic; an event id already queued is not queued again. */
  async queueMovements(manager: Pick<EntityManager, 'query'>, rows: readonly OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('outbox')} (event_id, topic, message_key, payload)
       SELECT event_id, topic, message_key, payload FROM jsonb_to_recordset($1::jsonb) AS o(event_id text, topic text, message_key text, payload jsonb)
       ON CONFLICT (event_id) DO NOTHING`,
      [JSON.stringify(rows.map((row) => ({ event_id: row.eventId, topic: row.topic, message_key: row.key, payload: row.payload })))],
    );
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}
