// Which keys a batch's new shipments fill while in transit is below zero, to have their early
// arrivals read before the batch is planned, and how the batch changes each key's open arrivals.
// A batch without such a shipment asks nothing and reads nothing more than before; only a batch
// touching a key with open arrivals, before or after it, writes any.
import { balanceKey, earlyArrivalsIn, type BatchOutcome, type EarlyArrival, type Movement, type StockBalance } from '@ledgerline/inventory-domain';
import type { EarlyArrivalQuestion } from '../persistence/early-arrival-sql';
import type { EarlyArrivalWrite } from '../persistence/early-arrival-writes-sql';

export const NO_EARLY_ARRIVALS: ReadonlyMap<string, EarlyArrival[]> = new Map();

/** Keys read with in transit below zero that a new shipment of the batch fills, each once; null when there are none. */
export function shipmentsIntoEarlyArrivals(
  movements: readonly Movement[],
  balances: ReadonlyMap<string, StockBalance>,
  alreadyApplied: ReadonlyMap<string, unknown>,
): EarlyArrivalQuestion[] | null {
  let questions: Map<string, EarlyArrivalQuestion> | null = null;
  for (const movement of movements) {
    if (movement.kind !== 'transfer-shipped' || alreadyApplied.has(movement.movementId)) continue;
    const key = balanceKey(movement);
    const balance = balances.get(key);
    if (balance === undefined || balance.inTransit >= 0 || questions?.has(key)) continue;
    questions ??= new Map();
    questions.set(key, { sku: balance.sku, locationId: balance.locationId, readVersion: balance.version, inTransit: balance.inTransit });
  }
  return questions === null ? null : [...questions.values()];
}

/**
 * How the batch changes its keys' open early arrivals. A key read with in transit at or above
 * zero (or without a balance) has none, and a key whose arrivals the batch read (`committed`) has
 * those: either way the batch knows them all, and writes the whole set after it. A key read below
 * zero whose arrivals were not read ships nothing new into the hole, so its arrivals are only
 * aged by the units that came onto the shelf, and joined by the batch's own.
 */
export function earlyArrivalWrites(
  outcome: BatchOutcome,
  balances: ReadonlyMap<string, StockBalance>,
  committed: ReadonlyMap<string, EarlyArrival[]>,
): EarlyArrivalWrite[] {
  const writes: EarlyArrivalWrite[] = [];
  for (const [key, change] of outcome.changes) {
    const read = balances.get(key);
    const known = read === undefined || read.inTransit >= 0 ? [] : committed.get(key);
    const { sku, locationId } = change.after;
    if (known !== undefined) {
      // Without arrivals before the batch, only a transfer-in of the batch can open one.
      if (known.length === 0 && !change.entries.some(({ movement }) => movement.kind === 'transfer-in')) continue;
      const after = earlyArrivalsIn(change.entries, known);
      if (known.length > 0 || after.length > 0) writes.push({ sku, locationId, replace: true, arrivedSinceAdded: 0, arrivals: after.map(named) });
      continue;
    }
    const arrivedSinceAdded = change.entries.reduce((units, { outcome: effect }) => units + Math.max(0, effect.quantityDelta), 0);
    const fresh = earlyArrivalsIn(change.entries);
    if (arrivedSinceAdded > 0 || fresh.length > 0) writes.push({ sku, locationId, replace: false, arrivedSinceAdded, arrivals: fresh.map(named) });
  }
  return writes;
}

/** Every arrival the ledger keeps is named by the version its transfer-in left; one without is this code's fault. */
function named(arrival: EarlyArrival): Required<EarlyArrival> {
  if (arrival.version === undefined) throw new Error('an early arrival without the balance version of its transfer-in cannot be kept');
  return { units: arrival.units, arrivedSince: arrival.arrivedSince, version: arrival.version };
}
