// ABC classification of a location's items for cycle counting. An item's weight is its usage
// value: units sold over the signal window times its unit value, so value and velocity both count
// (an expensive item that never sells and a cheap one that sells all day both rank low). Items
// are ranked by usage value; the ones that make up the first `aShare` of the location's total are
// A, up to `bShare` B, the rest C. Ties are broken by SKU so the same inputs give the same classes.
import { compareMoney, multiplyByQuantity, sumMoney, type Money } from '@ledgerline/money';

export type AbcClass = 'A' | 'B' | 'C';
export const ABC_CLASSES: readonly AbcClass[] = ['A', 'B', 'C'];

export interface AbcPolicy {
  /** Share of the total usage value, in percent, covered by class A (e.g. 80). */
  readonly aSharePercent: number;
  /** Share covered by classes A and B together (e.g. 95). */
  readonly bSharePercent: number;
}

export const DEFAULT_ABC_POLICY: AbcPolicy = { aSharePercent: 80, bSharePercent: 95 };

export interface AbcInput {
  readonly sku: string;
  /** Units sold over the signal window (returns netted off, never below zero). */
  readonly unitsSold: number;
  /** Value of one unit (moving average cost), in ten-thousandths. */
  readonly unitValue: Money;
}

export function usageValue(item: AbcInput): Money {
  const value = multiplyByQuantity(item.unitValue, Math.max(0, item.unitsSold));
  return value < 0n ? 0n : value;
}

/** The class of every item, by SKU. An item without usage is C whatever the shares say. */
export function classifyAbc(items: readonly AbcInput[], policy: AbcPolicy = DEFAULT_ABC_POLICY): Map<string, AbcClass> {
  checkPolicy(policy);
  const ranked = items
    .map((item) => ({ sku: item.sku, usage: usageValue(item) }))
    .sort((a, b) => compareMoney(b.usage, a.usage) || compareText(a.sku, b.sku));
  const total = sumMoney(ranked.map((item) => item.usage));
  const classes = new Map<string, AbcClass>();
  let before = 0n;
  for (const item of ranked) {
    // The share of the total reached before this item decides its class, so the item that crosses
    // the A boundary is still A (the top item is A whatever its share).
    classes.set(item.sku, item.usage === 0n ? 'C' : classAt(before, total, policy));
    before += item.usage;
  }
  return classes;
}

function classAt(before: Money, total: Money, policy: AbcPolicy): AbcClass {
  // before / total < share / 100, compared in integers.
  if (before * 100n < total * BigInt(policy.aSharePercent)) return 'A';
  if (before * 100n < total * BigInt(policy.bSharePercent)) return 'B';
  return 'C';
}

function checkPolicy(policy: AbcPolicy): void {
  const { aSharePercent: a, bSharePercent: b } = policy;
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < a || b > 100) {
    throw new RangeError(`ABC shares must be whole percentages with 1 <= A <= A+B <= 100, got A=${a} A+B=${b}`);
  }
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
