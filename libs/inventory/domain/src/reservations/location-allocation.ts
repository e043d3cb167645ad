// Which locations a reservation across locations takes its units from. Pure: the ledger reads
// each candidate's available to promise, this decides the takes, and the ledger writes them as
// one conditional statement that grants nothing when a take is no longer covered.
import { ReservationError } from './reservation-error';
import { MAX_RESERVATION_LINES, checkQuantity } from './reservation-request';

/**
 * `most-available`: the locations with the most to promise first (fewest split shipments; ties
 * in the order given, then by location id). `priority`: the caller's order of the locations.
 */
export const ALLOCATION_RULES = ['most-available', 'priority'] as const;
export type AllocationRule = (typeof ALLOCATION_RULES)[number];

export interface LocationAvailability {
  readonly locationId: string;
  /** Available to promise for the channel; may be negative. */
  readonly available: number;
}

export interface LocationTake {
  readonly locationId: string;
  readonly quantity: number;
}

export interface Allocation {
  /** The takes add up to the quantity asked. */
  readonly covered: boolean;
  readonly takes: readonly LocationTake[];
  /** What the candidates could promise in all. */
  readonly available: number;
}

export interface AllocationRequest {
  readonly sku: string;
  readonly quantity: number;
  /** The locations to take from; absent, every location holding the SKU. Priority order for `priority`. */
  readonly locations?: readonly string[];
  readonly rule: AllocationRule;
  /** Take what there is when the quantity is not covered, instead of nothing. */
  readonly partial: boolean;
}

/** Refuses a request that cannot be decided as asked, naming the field. */
export function checkAllocationRequest(request: AllocationRequest): void {
  checkQuantity(request.quantity, 'quantity');
  if (request.locations !== undefined) checkLocationList(request.locations);
  else if (request.rule === 'priority') throw new ReservationError('RESERVATION.INVALID_REQUEST', 'locations must list the locations in priority order for rule priority', 'locations');
}

/** A list of locations (a region named by the caller): at least one, each once. */
export function checkLocationList(locations: readonly string[]): void {
  if (locations.length === 0) throw new ReservationError('RESERVATION.INVALID_REQUEST', 'locations must name at least one location', 'locations');
  if (locations.length > MAX_RESERVATION_LINES) {
    throw new ReservationError('RESERVATION.INVALID_REQUEST', `locations must name at most ${MAX_RESERVATION_LINES} locations`, 'locations');
  }
  const seen = new Set<string>();
  locations.forEach((locationId, index) => {
    if (seen.has(locationId)) throw new ReservationError('RESERVATION.INVALID_REQUEST', `locations[${index}] repeats ${locationId}`, `locations[${index}]`);
    seen.add(locationId);
  });
}

/** What the locations can promise in all: a location short of stock counts as nothing, not less. */
export function totalAvailable(candidates: readonly LocationAvailability[]): number {
  return candidates.reduce((sum, candidate) => sum + Math.max(0, candidate.available), 0);
}

/** The candidates in the order the rule takes from them. */
export function allocationOrder(candidates: readonly LocationAvailability[], rule: AllocationRule): LocationAvailability[] {
  const ordered = candidates.map((candidate, given) => ({ candidate, given }));
  if (rule === 'most-available') ordered.sort((a, b) => b.candidate.available - a.candidate.available || a.given - b.given);
  return ordered.map(({ candidate }) => candidate);
}

/**
 * Takes `quantity` from the candidates in the rule's order, each at most what it can promise.
 * Not covered: no takes, unless partial, then all there is.
 */
export function allocateAcrossLocations(candidates: readonly LocationAvailability[], quantity: number, rule: AllocationRule, partial: boolean): Allocation {
  const available = totalAvailable(candidates);
  if (available < quantity && !partial) return { covered: false, takes: [], available };
  const takes: LocationTake[] = [];
  let left = quantity;
  for (const candidate of allocationOrder(candidates, rule)) {
    if (left === 0) break;
    const take = Math.min(left, Math.max(0, candidate.available));
    if (take === 0) continue;
    takes.push({ locationId: candidate.locationId, quantity: take });
    left -= take;
  }
  return { covered: left === 0, takes, available };
}
