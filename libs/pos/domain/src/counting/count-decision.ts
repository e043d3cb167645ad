// What happens to a counted quantity, compared with the book when it was submitted. A variance
// beyond any one recount limit (units, percent of the book, or value) asks for a recount; a
// recount still beyond any one approval limit waits for approval before it is posted. Anything
// else is posted at once. The limits are exclusive: a variance exactly at a limit passes.
import { absMoney, compareMoney, multiplyByQuantity, type Money } from '@ledgerline/money';

export interface VarianceLimits {
  readonly units: number;
  /** Percent of the book quantity (of 1 when the book is zero or negative). */
  readonly percent: number;
  readonly value: Money;
}

export interface CountThresholds {
  readonly recount: VarianceLimits;
  readonly approval: VarianceLimits;
}

export const DEFAULT_COUNT_THRESHOLDS: CountThresholds = {
  recount: { units: 2, percent: 5, value: 500_000n },
  approval: { units: 10, percent: 25, value: 5_000_000n },
};

export interface CountedFigures {
  readonly bookQuantity: number;
  readonly countedQuantity: number;
  readonly unitValue: Money;
}

export type CountAttempt = 'first' | 'recount';
export type CountDecision = 'post' | 'recount' | 'await-approval';

export function varianceOf(figures: CountedFigures): { units: number; value: Money } {
  const units = figures.countedQuantity - figures.bookQuantity;
  return { units, value: multiplyByQuantity(figures.unitValue, units) };
}

/** True when the variance passes every one of the limits. */
export function isWithinLimits(figures: CountedFigures, limits: VarianceLimits): boolean {
  const variance = varianceOf(figures);
  const units = Math.abs(variance.units);
  const base = Math.max(1, figures.bookQuantity);
  // units / base * 100 <= percent, kept in integers.
  return units <= limits.units && units * 100 <= limits.percent * base && compareMoney(absMoney(variance.value), limits.value) <= 0;
}

export function decideCount(figures: CountedFigures, attempt: CountAttempt, thresholds: CountThresholds = DEFAULT_COUNT_THRESHOLDS): CountDecision {
  if (isWithinLimits(figures, thresholds.recount)) return 'post';
  if (attempt === 'first') return 'recount';
  return isWithinLimits(figures, thresholds.approval) ? 'post' : 'await-approval';
}

export function checkThresholds(thresholds: CountThresholds): void {
  for (const [name, limits] of Object.entries(thresholds) as Array<[string, VarianceLimits]>) {
    if (!Number.isSafeInteger(limits.units) || limits.units < 0 || !Number.isFinite(limits.percent) || limits.percent < 0 || limits.value < 0n) {
      throw new RangeError(`the ${name} limits must be non-negative`);
    }
  }
  const { recount, approval } = thresholds;
  if (approval.units < recount.units || approval.percent < recount.percent || approval.value < recount.value) {
    throw new RangeError('every approval limit must be at least its recount limit');
  }
}
