import { countRisk, DEFAULT_RISK_WEIGHTS, type CountSignals } from './count-risk';

const quiet: CountSignals = { onHand: 10, soldWhileBookEmpty: false, recentVariances: 0, shrinkageAdjustments: 0, lastCountedDay: 100 };

describe('countRisk', () => {
  it('scores a quiet C item counted today at zero', () => {
    expect(countRisk(quiet, 'C', 90, 100)).toEqual({ score: 0, reasons: [] });
  });

  it('adds and names every signal', () => {
    const risk = countRisk({ onHand: -2, soldWhileBookEmpty: true, recentVariances: 1, shrinkageAdjustments: 2, lastCountedDay: null }, 'A', 30, 100);
    expect(risk.score).toBe(40 + 30 + 15 + 20 + 30 + 15);
    expect(risk.reasons).toEqual(['negative-on-hand', 'sold-while-book-empty', 'recent-variances', 'shrinkage-adjustments', 'count-age', 'class']);
  });

  it('caps repeated variances and adjustments', () => {
    const many = countRisk({ ...quiet, recentVariances: 50, shrinkageAdjustments: 50 }, 'C', 90, 100);
    expect(many.score).toBe(3 * DEFAULT_RISK_WEIGHTS.perRecentVariance + 3 * DEFAULT_RISK_WEIGHTS.perShrinkageAdjustment);
  });

  it('grows with the time since the last count, full after one cycle', () => {
    expect(countRisk(quiet, 'C', 90, 145).score).toBe(15);
    expect(countRisk(quiet, 'C', 90, 190).score).toBe(30);
    expect(countRisk(quiet, 'C', 90, 400).score).toBe(30);
  });

  it('ranks A above C with the same signals', () => {
    expect(countRisk(quiet, 'A', 30, 100).score).toBeGreaterThan(countRisk(quiet, 'C', 30, 100).score);
  });
});
