// The receipts a landed cost may name, kept apart from the movements (docs/valuation.md, "Landed
// costs"): landed_cost_receipt holds, per receipt, what the rule needs of it (its key, quantity,
// the cost it booked, its business time and version) and the key's count of units arrived on the
// shelf just after it. The balance row carries that count as it rises (stock_balance.units_arrived),
// so the units that arrived since a receipt are the balance's count less the receipt's: no
// movement is read. Both are written by the statement that records the receipt (writeBatch takes
// its part from here), so a receipt whose month was detached and archived is still found, with
// every unit that arrived after it, in the archived month or not.
//
// Work: only a batch holding a landed cost reads anything more: one statement for all its landed
// costs, each a primary-key probe of the receipt's row and of its key's balance.
import type { EntityManager } from 'typeorm';
import type { LandedCostBasis, LedgerEntry } from '@ledgerline/inventory-domain';
import { formatMoney, parseMoney, type Money } from '@ledgerline/money';

/** A landed cost of the batch whose receipt is to be read. */
export interface LandedCostReceiptQuestion {
  landedCostMovementId: string;
  sku: string;
  locationId: string;
  receiptMovementId: string;
}

/** A receipt of the batch as landed_cost_receipt keeps it. */
export interface LandedCostReceiptRow {
  receiptMovementId: string;
  sku: string;
  locationId: string;
  quantity: number;
  /** What the receipt booked, on the shelf and (where it filled negative stock) as cost of goods sold. */
  receivedCost: Money;
  /** Business time, ISO. */
  occurredAt: string;
  balanceVersion: number;
  /** Units that arrived on the key's shelf after the receipt within the batch: the statement takes them from the key's count as it leaves it. */
  arrivedAfterInBatch: number;
}

/**
 * The batch's new receipts, each with the units its key took in after it in the same batch, from
 * the batch's entries by key (BatchOutcome.changes): a key without a receipt costs a look at its
 * entries' kinds; a key with one is walked from its last entry back, summing what arrived after.
 */
export function landedCostReceiptsOf(changes: Iterable<{ readonly entries: readonly LedgerEntry[] }>): LandedCostReceiptRow[] {
  const rows: LandedCostReceiptRow[] = [];
  for (const { entries } of changes) {
    if (!entries.some(({ movement }) => movement.kind === 'receipt')) continue;
    const keyRows: LandedCostReceiptRow[] = [];
    let arrivedAfter = 0;
    for (let index = entries.length - 1; index >= 0; index--) {
      const { movement, outcome } = entries[index]!;
      if (movement.kind === 'receipt') {
        keyRows.push({
          receiptMovementId: movement.movementId,
          sku: movement.sku,
          locationId: movement.locationId,
          quantity: outcome.quantityDelta,
          receivedCost: outcome.valueDelta + outcome.costOfGoodsSold,
          occurredAt: new Date(movement.occurredAt).toISOString(),
          balanceVersion: outcome.balance.version,
          arrivedAfterInBatch: arrivedAfter,
        });
      }
      arrivedAfter += Math.max(0, outcome.quantityDelta);
    }
    rows.push(...keyRows.reverse());
  }
  return rows;
}

/**
 * The part of writeBatch's statement that records its receipts; `keyCounts` names the relation of
 * the written balances' (sku, location_id, units_arrived) as the statement leaves them.
 */
export function landedCostReceiptsPart(table: string, keyCounts: string, rows: readonly LandedCostReceiptRow[], parameter: (value: unknown) => string): string {
  const document = JSON.stringify(
    rows.map((row) => ({
      receipt_movement_id: row.receiptMovementId,
      sku: row.sku,
      location_id: row.locationId,
      quantity: row.quantity,
      received_cost: formatMoney(row.receivedCost),
      occurred_at: row.occurredAt,
      balance_version: row.balanceVersion,
      arrived_after: row.arrivedAfterInBatch,
    })),
  );
  return `receipts_kept AS (
     INSERT INTO ${table} (receipt_movement_id, sku, location_id, quantity, received_cost, occurred_at, balance_version, arrived_through)
     SELECT r.receipt_movement_id, r.sku, r.location_id, r.quantity, r.received_cost, r.occurred_at, r.balance_version, k.units_arrived - r.arrived_after
       FROM jsonb_to_recordset(${parameter(document)}::jsonb)
            AS r(receipt_movement_id text, sku text, location_id text, quantity bigint, received_cost numeric, occurred_at timestamptz,
                 balance_version bigint, arrived_after bigint)
       JOIN ${keyCounts} k ON k.sku = r.sku AND k.location_id = r.location_id)`;
}

interface ReceiptBasisRow {
  movement_id: string;
  receipt_quantity: string;
  receipt_cost: string;
  arrived_since: string;
}

export class LandedCostSql {
  constructor(private readonly schema: string) {}

  /**
   * The basis of each landed cost whose receipt the ledger holds, by landed-cost movement id; one
   * missing names no receipt of its key. The count is the balance's as this statement finds it:
   * when that is later than the version the batch read, the batch's write of the key (a landed
   * cost always writes it) fails its version check and the batch is planned again.
   */
  async receiptBases(manager: Pick<EntityManager, 'query'>, asked: readonly LandedCostReceiptQuestion[]): Promise<Map<string, LandedCostBasis>> {
    if (asked.length === 0) return new Map();
    const rows: ReceiptBasisRow[] = await manager.query(
      `SELECT c.movement_id, r.quantity::text AS receipt_quantity, r.received_cost::text AS receipt_cost,
              (b.units_arrived - r.arrived_through)::text AS arrived_since
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS c(movement_id, sku, location_id, receipt_id)
         JOIN ${this.t('landed_cost_receipt')} r ON r.receipt_movement_id = c.receipt_id AND r.sku = c.sku AND r.location_id = c.location_id
         JOIN ${this.t('stock_balance')} b ON b.sku = r.sku AND b.location_id = r.location_id`,
      [
        asked.map((question) => question.landedCostMovementId),
        asked.map((question) => question.sku),
        asked.map((question) => question.locationId),
        asked.map((question) => question.receiptMovementId),
      ],
    );
    return new Map(
      rows.map((row) => [
        row.movement_id,
        { receiptQuantity: Number(row.receipt_quantity), receiptCost: parseMoney(row.receipt_cost), arrivedSince: Number(row.arrived_since) },
      ]),
    );
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}
