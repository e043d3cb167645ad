// The keys a location counts on one day, within a budget of items per day. Two rules, in order:
//  1. Every key is counted at least once per its class's cycle (A more often than C). A key's
//     deadline is its last count (or the day it entered the program) plus its cycle. Today takes
//     the least number of keys, earliest deadline first, without which the coming days could not
//     meet every deadline already known at the budget (each day after today can take `budget`).
//  2. The rest of the budget goes to the riskiest keys.
// The list is ordered highest risk first. Ties are broken by deadline then SKU, so the same
// inputs always give the same list. When even the keys overdue today exceed the budget, the
// budget is never exceeded: the ones left out are reported as `overdue` (raise the budget or
// lengthen the cycles; see docs/operations/cycle-counting.md for the budget a location needs).
import { compareText, type AbcClass } from './abc-classification';

export interface CountCandidate {
  readonly sku: string;
  readonly abcClass: AbcClass;
  readonly risk: number;
  /** Day (days since 1970-01-01) of the last count, null when never counted. */
  readonly lastCountedDay: number | null;
  /** Day the key entered the counting program: a never-counted key is due within a cycle of it. */
  readonly firstSeenDay: number;
}

export interface CountListPolicy {
  /** Items a location counts per day. */
  readonly budget: number;
  /** Longest gap, in days, between two counts of a key of each class. */
  readonly cycleDays: Readonly<Record<AbcClass, number>>;
}

export const DEFAULT_COUNT_LIST_POLICY: CountListPolicy = { budget: 20, cycleDays: { A: 30, B: 90, C: 180 } };

export interface CountListEntry {
  readonly sku: string;
  readonly abcClass: AbcClass;
  readonly risk: number;
  /** The day by which the key must be counted. */
  readonly dueDay: number;
  /** Taken to keep the cycle, not for its risk. */
  readonly dueForCycle: boolean;
}

export interface DailyCountList {
  readonly entries: readonly CountListEntry[];
  /** Keys past their deadline that did not fit today's budget. */
  readonly overdue: readonly string[];
}

export function dueDayOf(candidate: CountCandidate, policy: CountListPolicy): number {
  return (candidate.lastCountedDay ?? candidate.firstSeenDay) + policy.cycleDays[candidate.abcClass];
}

export function dailyCountList(candidates: readonly CountCandidate[], today: number, policy: CountListPolicy): DailyCountList {
  checkPolicy(policy);
  const withDue = candidates.map((candidate) => ({ ...candidate, dueDay: dueDayOf(candidate, policy) }));
  const byDeadline = [...withDue].sort((a, b) => a.dueDay - b.dueDay || b.risk - a.risk || compareText(a.sku, b.sku));
  const mandatory = Math.min(policy.budget, keysNeededToday(byDeadline.map((key) => key.dueDay), today, policy.budget));
  const dueToday = byDeadline.slice(0, mandatory);
  const taken = new Set(dueToday.map((key) => key.sku));
  const byRisk = withDue.filter((key) => !taken.has(key.sku)).sort((a, b) => b.risk - a.risk || a.dueDay - b.dueDay || compareText(a.sku, b.sku));
  const chosen = [...dueToday.map((key) => ({ key, dueForCycle: true })), ...byRisk.slice(0, policy.budget - mandatory).map((key) => ({ key, dueForCycle: false }))];
  const entries = chosen
    .map(({ key, dueForCycle }) => ({ sku: key.sku, abcClass: key.abcClass, risk: key.risk, dueDay: key.dueDay, dueForCycle }))
    .sort((a, b) => b.risk - a.risk || a.dueDay - b.dueDay || compareText(a.sku, b.sku));
  const chosenSkus = new Set(entries.map((entry) => entry.sku));
  const overdue = byDeadline.filter((key) => key.dueDay <= today && !chosenSkus.has(key.sku)).map((key) => key.sku);
  return { entries, overdue };
}

/**
 * The fewest keys today must take so that, with `budget` a day after it, every deadline can be
 * met: for each horizon h (deadline today + h), the keys due by then minus what the h days after
 * today can take. Deadlines are sorted ascending.
 */
export function keysNeededToday(sortedDueDays: readonly number[], today: number, budget: number): number {
  let needed = 0;
  sortedDueDays.forEach((dueDay, index) => {
    const laterDays = Math.max(0, dueDay - today);
    needed = Math.max(needed, index + 1 - budget * laterDays);
  });
  return needed;
}

/** The smallest daily budget that can keep every cycle with room to spare: twice the average load. */
export function budgetToKeepCycles(keysPerClass: Readonly<Record<AbcClass, number>>, cycleDays: Readonly<Record<AbcClass, number>>): number {
  const load = (Object.keys(keysPerClass) as AbcClass[]).reduce((sum, abcClass) => sum + keysPerClass[abcClass] / cycleDays[abcClass], 0);
  return Math.max(1, Math.ceil(2 * load));
}

function checkPolicy(policy: CountListPolicy): void {
  if (!Number.isSafeInteger(policy.budget) || policy.budget < 1) {
    throw new RangeError(`the count budget must be a whole number of items of at least 1, got ${policy.budget}`);
  }
  for (const [abcClass, days] of Object.entries(policy.cycleDays)) {
    if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`the cycle of class ${abcClass} must be a whole number of days of at least 1, got ${days}`);
  }
}
