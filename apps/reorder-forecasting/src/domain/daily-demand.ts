// Daily demand per item and location, bucketed by the business day on which each movement
// happened (a late event lands on its own day, not on the day it arrived). Demand is what
// customers took: sales minus returns, with voids undoing the sale or return they cancel. Each
// day also keeps what censoring needs: the lowest on hand seen after any of its movements, and
// the on hand after its last movement in business time (the closing stock).
import { type Day, dayOf } from './business-day';
import { type StockChange, itemKey } from './stock-change';

/** Movement kinds that are customer demand; every other kind only moves stock. */
const DEMAND_KINDS: ReadonlySet<string> = new Set(['sale', 'return', 'void']);

export interface DailyDemand {
  readonly sku: string;
  readonly locationId: string;
  readonly day: Day;
  /** Net demand: sold - returned, after voids. Negative when returns outweigh sales. */
  readonly demandUnits: number;
  readonly soldUnits: number;
  readonly returnedUnits: number;
  /** Net units voids gave back to stock: a voided sale counts positive, a voided return negative. */
  readonly voidedUnits: number;
  /** Lowest on hand right after any movement of the day. */
  readonly minOnHand: number;
  /** On hand after the day's latest movement in business time (ties: the later-applied one). */
  readonly closingOnHand: number;
  readonly closingAt: number;
  readonly closingVersion: number;
  readonly movements: number;
}

/**
 * Units of demand a movement adds: a sale of 3 (delta -3) adds 3, a return of 1 (delta +1)
 * removes 1, a voided sale (delta +q) removes q and a voided return (delta -q) adds q back.
 */
export function demandEffect(kind: string, quantityDelta: number): number {
  return DEMAND_KINDS.has(kind) ? -quantityDelta : 0;
}

export function dailyDemandKey(sku: string, locationId: string, day: Day): string {
  return `${itemKey({ sku, locationId })}|${day}`;
}

/**
 * Folds new (already de-duplicated) changes into the stored days they fall on. Returns only the
 * days that changed, each with its full new state, ready to be written back.
 */
export function foldDailyDemand(
  stored: ReadonlyMap<string, DailyDemand>,
  changes: readonly StockChange[],
  timeZone: string,
): DailyDemand[] {
  const touched = new Map<string, DailyDemand>();
  for (const change of changes) {
    const day = dayOf(change.occurredAt, timeZone);
    const key = dailyDemandKey(change.sku, change.locationId, day);
    const before = touched.get(key) ?? stored.get(key) ?? emptyDay(change.sku, change.locationId, day);
    touched.set(key, addChange(before, change));
  }
  return [...touched.values()];
}

function emptyDay(sku: string, locationId: string, day: Day): DailyDemand {
  return {
    sku,
    locationId,
    day,
    demandUnits: 0,
    soldUnits: 0,
    returnedUnits: 0,
    voidedUnits: 0,
    minOnHand: Number.POSITIVE_INFINITY,
    closingOnHand: 0,
    closingAt: Number.NEGATIVE_INFINITY,
    closingVersion: 0,
    movements: 0,
  };
}

function addChange(day: DailyDemand, change: StockChange): DailyDemand {
  const delta = change.quantityDelta;
  const laterThanClosing =
    change.occurredAt > day.closingAt || (change.occurredAt === day.closingAt && change.balanceVersion > day.closingVersion);
  return {
    ...day,
    demandUnits: day.demandUnits + demandEffect(change.kind, delta),
    soldUnits: day.soldUnits + (change.kind === 'sale' ? -delta : 0),
    returnedUnits: day.returnedUnits + (change.kind === 'return' ? delta : 0),
    voidedUnits: day.voidedUnits + (change.kind === 'void' ? delta : 0),
    minOnHand: Math.min(day.minOnHand, change.onHand),
    closingOnHand: laterThanClosing ? change.onHand : day.closingOnHand,
    closingAt: laterThanClosing ? change.occurredAt : day.closingAt,
    closingVersion: laterThanClosing ? change.balanceVersion : day.closingVersion,
    movements: day.movements + 1,
  };
}
