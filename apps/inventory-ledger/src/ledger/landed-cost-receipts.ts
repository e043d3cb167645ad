// Which receipts a batch's new landed costs name, to be read before the batch is planned. A batch
// without a landed cost asks nothing and reads nothing more than before.
import { balanceKey, type LandedCostBasis, type Movement, type StockBalance } from '@ledgerline/inventory-domain';
import type { LandedCostReceiptQuestion } from '../persistence/landed-cost-sql';

export const NO_RECEIPT_BASES: ReadonlyMap<string, LandedCostBasis> = new Map();

/** The batch's landed costs not already applied, each with the version of its key the batch read; null when there are none. */
export function newLandedCosts(
  movements: readonly Movement[],
  balances: ReadonlyMap<string, StockBalance>,
  alreadyApplied: ReadonlyMap<string, unknown>,
): LandedCostReceiptQuestion[] | null {
  let questions: LandedCostReceiptQuestion[] | null = null;
  for (const movement of movements) {
    if (movement.kind !== 'landed-cost' || alreadyApplied.has(movement.movementId)) continue;
    questions ??= [];
    questions.push({
      landedCostMovementId: movement.movementId,
      sku: movement.sku,
      locationId: movement.locationId,
      receiptMovementId: movement.receiptMovementId,
      readVersion: balances.get(balanceKey(movement))?.version ?? 0,
    });
  }
  return questions;
}
