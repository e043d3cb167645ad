// Which keys a batch's new shipments fill while in transit is below zero, to have their early
// arrivals read before the batch is planned. A batch without such a shipment asks nothing and
// reads nothing more than before.
import { balanceKey, type EarlyArrival, type Movement, type StockBalance } from '@ledgerline/inventory-domain';
import type { EarlyArrivalQuestion } from '../persistence/early-arrival-sql';

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
