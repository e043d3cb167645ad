// When a key's availability (on hand - reserved, before any channel's buffer) crosses zero, the
// ledger raises one alert: available-zero when it falls to zero or below, back-in-stock when it
// rises above zero again. A batch of movements is a walk, one step per movement: each movement
// that crosses raises its own alert, so the alerts do not depend on how movements were batched. A key the ledger has no balance for counts as available, so the first
// alert a key can get is available-zero, and the alerts of a key alternate. The ledger decides
// this inside the statement that changes the balance (the reservation statements and the batch
// write, apps/inventory-ledger/src/persistence/availability-outbox-sql.ts); this is the rule
// they apply, for the history checker and the tests.

export type AvailabilityAlertType = 'available-zero' | 'back-in-stock';

/** The alert a change of availability from `before` to `after` raises, if any. */
export function availabilityCrossing(before: number, after: number): AvailabilityAlertType | undefined {
  if (before > 0 && after <= 0) return 'available-zero';
  if (before <= 0 && after > 0) return 'back-in-stock';
  return undefined;
}

/** Availability of a key with no balance yet: the first alert it can get is available-zero. */
export const AVAILABILITY_WITHOUT_BALANCE = Number.POSITIVE_INFINITY;

/** One change of a key along its walk of availability: what made it and the availability after it. */
export interface AvailabilityStepAfter {
  cause: string;
  available: number;
}

/** The alerts a key's walk raises from `availableBefore`, each with the cause of its step, in order. */
export function availabilityAlertsAlong(
  availableBefore: number,
  steps: readonly AvailabilityStepAfter[],
): Array<{ type: AvailabilityAlertType; cause: string }> {
  const raised: Array<{ type: AvailabilityAlertType; cause: string }> = [];
  let before = availableBefore;
  for (const { cause, available } of steps) {
    const type = availabilityCrossing(before, available);
    if (type !== undefined) raised.push({ type, cause });
    before = available;
  }
  return raised;
}
