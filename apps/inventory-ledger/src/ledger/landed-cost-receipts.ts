// Which receipts a batch's new landed costs name, to be read before the batch is planned. A batch
// without a landed cost asks nothing and reads nothing more than before.
import type { LandedCostBasis, Movement } from '@ledgerline/inventory-domain';
import type { LandedCostReceiptQuestion } from '../persistence/landed-cost-sql';

export const NO_RECEIPT_BASES: ReadonlyMap<string, LandedCostBasis> = new Map();

/** The batch's landed costs not already applied; null when there are none. */
export function newLandedCosts(movements: readonly Movement[], alreadyApplied: ReadonlyMap<string, unknown>): LandedCostReceiptQuestion[] | null {
  let questions: LandedCostReceiptQuestion[] | null = null;
  for (const movement of movements) {
    if (movement.kind !== 'landed-cost' || alreadyApplied.has(movement.movementId)) continue;
    questions ??= [];
    questions.push({
      landedCostMovementId: movement.movementId,
      sku: movement.sku,
      locationId: movement.locationId,
      receiptMovementId: movement.receiptMovementId,
    });
  }
  return questions;
}
