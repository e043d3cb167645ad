// The receipts a batch's landed costs name, read only when a batch holds a landed cost (no other
// batch pays for it). For each: the receipt's quantity and the cost it booked, and the units that
// arrived on its key's shelf after it (the rule in docs/valuation.md, "Landed costs"). Read up to
// the balance version the batch read, so the figures and the balance are one state of the key: a
// balance changed meanwhile fails the write's version check and the batch is planned again.
//
// Work: an id the ledger never applied is answered from the applied-id index alone. Otherwise the
// key's version index is walked down from the version read to the receipt, and summed back up:
// the movements of the key recorded since the receipt, not the ledger's history nor the key's
// older history. An id of another key or another kind walks the key's history once, and refuses.
import type { EntityManager } from 'typeorm';
import type { LandedCostBasis } from '@ledgerline/inventory-domain';
import { parseMoney } from '@ledgerline/money';

/** A landed cost of the batch whose receipt is to be read. */
export interface LandedCostReceiptQuestion {
  landedCostMovementId: string;
  sku: string;
  locationId: string;
  receiptMovementId: string;
  /** The key's balance version the batch read (0 when it has none). */
  readVersion: number;
}

interface ReceiptBasisRow {
  movement_id: string;
  receipt_quantity: string;
  receipt_cost: string;
  arrived_since: string;
}

export class LandedCostSql {
  constructor(private readonly schema: string) {}

  /** The basis of each landed cost whose receipt the ledger holds, by landed-cost movement id; one missing names no receipt of its key. */
  async receiptBases(manager: Pick<EntityManager, 'query'>, asked: readonly LandedCostReceiptQuestion[]): Promise<Map<string, LandedCostBasis>> {
    if (asked.length === 0) return new Map();
    const movement = this.t('movement');
    const rows: ReceiptBasisRow[] = await manager.query(
      `SELECT c.movement_id, r.quantity_delta::text AS receipt_quantity, (r.value_delta + r.cost_of_goods_sold)::text AS receipt_cost,
              (SELECT COALESCE(SUM(m.quantity_delta), 0) FROM ${movement} m
                WHERE m.sku = c.sku AND m.location_id = c.location_id
                  AND m.balance_version > r.balance_version AND m.balance_version <= c.read_version AND m.quantity_delta > 0)::text AS arrived_since
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS c(movement_id, sku, location_id, receipt_id, read_version)
        CROSS JOIN LATERAL (
              SELECT r.balance_version, r.quantity_delta, r.value_delta, r.cost_of_goods_sold FROM ${movement} r
               WHERE EXISTS (SELECT 1 FROM ${this.t('applied_movement_id')} a WHERE a.movement_id = c.receipt_id)
                 AND r.sku = c.sku AND r.location_id = c.location_id AND r.balance_version <= c.read_version
                 AND r.movement_id = c.receipt_id AND r.kind = 'receipt'
               ORDER BY r.balance_version DESC LIMIT 1) r`,
      [
        asked.map((question) => question.landedCostMovementId),
        asked.map((question) => question.sku),
        asked.map((question) => question.locationId),
        asked.map((question) => question.receiptMovementId),
        asked.map((question) => question.readVersion),
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
