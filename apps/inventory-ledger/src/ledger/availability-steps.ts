// The steps of a key's availability through a batch, for the write statement to raise
// available-zero and back-in-stock movement by movement (docs/reservations.md, "Availability
// alerts"). Only a movement that changes on hand can move available (on hand - reserved): the
// reserved figure changes within a batch only when a sale or shipment takes from a reservation,
// and those change on hand too. A key without a balance also steps at its first movement, whatever
// it is: it counts as available until then, so a balance that starts at zero or below is a crossing.
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import type { BalanceChange } from '@ledgerline/inventory-domain';
import type { AvailabilityStep } from '../persistence/ledger-sql';

export function availabilityStepsOf(change: BalanceChange, wireById: ReadonlyMap<string, InventoryMovementV1>): AvailabilityStep[] {
  const steps: AvailabilityStep[] = [];
  const firstOfKey = change.before.version === 0;
  change.entries.forEach(({ movement, outcome: effect }, index) => {
    if (effect.quantityDelta === 0 && !(firstOfKey && index === 0)) return;
    const wire = wireById.get(movement.movementId);
    if ((wire?.kind === 'sale' || wire?.kind === 'transfer-out') && wire.reservationId !== undefined) {
      steps.push([movement.movementId, effect.balance.onHand, wire.reservationId, wire.quantity]);
    } else steps.push([movement.movementId, effect.balance.onHand, null, null]);
  });
  return steps;
}
