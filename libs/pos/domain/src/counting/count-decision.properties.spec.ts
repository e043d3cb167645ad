// The count decision's promises for any book, count, cost and limits: nothing beyond the recount
// limits is posted on a first count, nothing beyond the approval limits is posted without a
// reviewer, and a first count never waits for approval (it is counted again first).
import fc from 'fast-check';
import { decideCount, isWithinLimits, type CountThresholds } from './count-decision';

const limitsArbitrary = fc.record({ units: fc.integer({ min: 0, max: 50 }), percent: fc.integer({ min: 0, max: 100 }), value: fc.bigInt({ min: 0n, max: 10_000_000n }) });
const thresholdsArbitrary = fc.tuple(limitsArbitrary, limitsArbitrary).map(
  ([recount, extra]): CountThresholds => ({ recount, approval: { units: recount.units + extra.units, percent: recount.percent + extra.percent, value: recount.value + extra.value } }),
);
const figuresArbitrary = fc.record({
  bookQuantity: fc.integer({ min: -1_000, max: 100_000 }),
  countedQuantity: fc.integer({ min: 0, max: 100_000 }),
  unitValue: fc.bigInt({ min: 0n, max: 10_000_000n }),
});

describe('decideCount properties', () => {
  it('posts a first count only within the recount limits, and never holds it for approval', () => {
    fc.assert(
      fc.property(figuresArbitrary, thresholdsArbitrary, (figures, thresholds) => {
        const decision = decideCount(figures, 'first', thresholds);
        expect(decision).not.toBe('await-approval');
        expect(decision === 'post').toBe(isWithinLimits(figures, thresholds.recount));
      }),
    );
  });

  it('posts a recount only within the approval limits', () => {
    fc.assert(
      fc.property(figuresArbitrary, thresholdsArbitrary, (figures, thresholds) => {
        const decision = decideCount(figures, 'recount', thresholds);
        expect(decision).not.toBe('recount');
        expect(decision === 'post').toBe(isWithinLimits(figures, thresholds.approval));
      }),
    );
  });
});
