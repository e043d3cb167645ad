// Inventory record accuracy (IRA): the share of counted items whose book was within tolerance of
// what was finally counted, per location and day. Tolerance is the recount limits of the count
// policy, judged on the final count (a first count that a recount corrected does not make the
// record inaccurate; the recount does, when it still differs).
export interface CountedItemResult {
  readonly locationId: string;
  readonly day: number;
  readonly withinTolerance: boolean;
}

export interface RecordAccuracy {
  readonly locationId: string;
  readonly day: number;
  readonly counted: number;
  readonly accurate: number;
  /** accurate / counted as a percentage with two decimals, e.g. "97.50"; exact half-up rounding. */
  readonly accuracyPercent: string;
}

export function recordAccuracy(results: readonly CountedItemResult[]): RecordAccuracy[] {
  const groups = new Map<string, { locationId: string; day: number; counted: number; accurate: number }>();
  for (const result of results) {
    const key = `${result.locationId}\u0000${result.day}`;
    const group = groups.get(key) ?? { locationId: result.locationId, day: result.day, counted: 0, accurate: 0 };
    group.counted += 1;
    if (result.withinTolerance) group.accurate += 1;
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : a.day - b.day))
    .map((group) => ({ ...group, accuracyPercent: accuracyPercent(group.accurate, group.counted) }));
}

export function accuracyPercent(accurate: number, counted: number): string {
  if (counted === 0) return '0.00';
  // Hundredths of a percent, half up: (accurate * 10000 * 2 + counted) / (2 * counted).
  const hundredths = Math.floor((accurate * 20_000 + counted) / (2 * counted));
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}
