// What a batch of counting signals writes, folded per key and per key and day, so that the batch
// is written by one statement instead of one per event. The result is exactly what applying the
// signals one by one in batch order would leave: a signal counts only if its balance version is
// newer than every version kept or applied before it (a redelivery changes nothing), the key keeps
// the figures of its last signal applied, and the day counters add up the signals applied.
import type { StockChangeSignal } from './stock-change-signal';

/** A key's row after the batch; `isNew` when the key had no row when its versions were read. */
export interface SignalKeyWrite {
  locationId: string;
  sku: string;
  onHand: number;
  averageUnitCost: string;
  balanceVersion: number;
  /** The latest day a count applied in this batch was made, if any (kept with GREATEST). */
  lastCountedDay: number | null;
  /** The day of the key's first signal applied: written only with a new row. */
  firstSeenDay: number;
  isNew: boolean;
}

/** What the batch adds to one key's counters of one day. */
export interface SignalDayWrite {
  locationId: string;
  day: number;
  sku: string;
  unitsSold: number;
  variances: number;
  shrinkageAdjustments: number;
  soldWhileBookEmpty: boolean;
}

export interface CountSignalWrites {
  keys: SignalKeyWrite[];
  days: SignalDayWrite[];
}

const keyOf = (locationId: string, sku: string) => `${locationId}\u0000${sku}`;

/** `keptVersions`: the balance version each key's row holds, by `keyOf`; a key without a row is absent. */
export function countSignalWrites(signals: readonly StockChangeSignal[], keptVersions: ReadonlyMap<string, number>): CountSignalWrites {
  const keys = new Map<string, SignalKeyWrite>();
  const days = new Map<string, SignalDayWrite>();
  for (const signal of signals) {
    const key = keyOf(signal.locationId, signal.sku);
    const written = keys.get(key);
    const newest = written?.balanceVersion ?? keptVersions.get(key);
    if (newest !== undefined && signal.balanceVersion <= newest) continue;
    const countedDay = signal.counted ? signal.day : null;
    keys.set(key, {
      locationId: signal.locationId,
      sku: signal.sku,
      onHand: signal.onHand,
      averageUnitCost: signal.averageUnitCost,
      balanceVersion: signal.balanceVersion,
      lastCountedDay: countedDay === null ? (written?.lastCountedDay ?? null) : Math.max(countedDay, written?.lastCountedDay ?? countedDay),
      firstSeenDay: written?.firstSeenDay ?? signal.day,
      isNew: !keptVersions.has(key),
    });
    if (signal.unitsSold === 0 && signal.variances === 0 && signal.shrinkageAdjustments === 0 && !signal.soldWhileBookEmpty) continue;
    const dayKey = `${key}\u0000${signal.day}`;
    const day = days.get(dayKey);
    if (day === undefined) {
      days.set(dayKey, {
        locationId: signal.locationId,
        day: signal.day,
        sku: signal.sku,
        unitsSold: signal.unitsSold,
        variances: signal.variances,
        shrinkageAdjustments: signal.shrinkageAdjustments,
        soldWhileBookEmpty: signal.soldWhileBookEmpty,
      });
    } else {
      day.unitsSold += signal.unitsSold;
      day.variances += signal.variances;
      day.shrinkageAdjustments += signal.shrinkageAdjustments;
      day.soldWhileBookEmpty ||= signal.soldWhileBookEmpty;
    }
  }
  return { keys: [...keys.values()], days: [...days.values()] };
}

export { keyOf as signalKeyOf };
