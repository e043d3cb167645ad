// How much a key (a SKU at a location) needs counting, as integer points so ranking is exact and
// the same inputs always give the same order. Each signal adds points and names itself, so a
// counter's supervisor can see why an item is on today's list.
import type { AbcClass } from './abc-classification';

export interface CountSignals {
  readonly onHand: number;
  /** A sale was recorded while the book said zero or less before it. */
  readonly soldWhileBookEmpty: boolean;
  /** Counts within the signal window whose result differed from the book. */
  readonly recentVariances: number;
  /** Stock-reducing adjustments within the signal window that were not counts (damage, theft, loss...). */
  readonly shrinkageAdjustments: number;
  /** Day (days since 1970-01-01) of the last count, null when never counted. */
  readonly lastCountedDay: number | null;
}

export type RiskReason = 'negative-on-hand' | 'sold-while-book-empty' | 'recent-variances' | 'shrinkage-adjustments' | 'count-age' | 'class';

export interface RiskWeights {
  readonly negativeOnHand: number;
  readonly soldWhileBookEmpty: number;
  /** Per variance, up to `maxRepeats` of them. */
  readonly perRecentVariance: number;
  /** Per shrinkage adjustment, up to `maxRepeats`. */
  readonly perShrinkageAdjustment: number;
  readonly maxRepeats: number;
  /** Reached when a whole cycle has passed since the last count (or never counted); pro rata before. */
  readonly countAge: number;
  readonly classBonus: Readonly<Record<AbcClass, number>>;
}

export const DEFAULT_RISK_WEIGHTS: RiskWeights = {
  negativeOnHand: 40,
  soldWhileBookEmpty: 30,
  perRecentVariance: 15,
  perShrinkageAdjustment: 10,
  maxRepeats: 3,
  countAge: 30,
  classBonus: { A: 15, B: 8, C: 0 },
};

export interface CountRisk {
  readonly score: number;
  readonly reasons: readonly RiskReason[];
}

export function countRisk(signals: CountSignals, abcClass: AbcClass, cycleDays: number, today: number, weights: RiskWeights = DEFAULT_RISK_WEIGHTS): CountRisk {
  const parts: Array<[RiskReason, number]> = [
    ['negative-on-hand', signals.onHand < 0 ? weights.negativeOnHand : 0],
    ['sold-while-book-empty', signals.soldWhileBookEmpty ? weights.soldWhileBookEmpty : 0],
    ['recent-variances', Math.min(signals.recentVariances, weights.maxRepeats) * weights.perRecentVariance],
    ['shrinkage-adjustments', Math.min(signals.shrinkageAdjustments, weights.maxRepeats) * weights.perShrinkageAdjustment],
    ['count-age', countAgePoints(signals.lastCountedDay, cycleDays, today, weights.countAge)],
    ['class', weights.classBonus[abcClass]],
  ];
  const scored = parts.filter(([, points]) => points > 0);
  return { score: scored.reduce((sum, [, points]) => sum + points, 0), reasons: scored.map(([reason]) => reason) };
}

function countAgePoints(lastCountedDay: number | null, cycleDays: number, today: number, full: number): number {
  if (lastCountedDay === null) return full;
  const elapsed = Math.max(0, today - lastCountedDay);
  return Math.min(full, Math.floor((full * elapsed) / cycleDays));
}
