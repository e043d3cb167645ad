import { learnLeadTime, observedLeadTimes } from './lead-time';

const DAY = 86_400_000;

describe('lead-time learning', () => {
  it('measures order-to-first-receipt times and skips open or inconsistent orders', () => {
    const placed = Date.parse('2025-03-01T10:00:00Z');
    expect(
      observedLeadTimes([
        { placedAt: placed, receivedAt: placed + 4 * DAY },
        { placedAt: placed, receivedAt: placed + 2.5 * DAY },
        { placedAt: placed, receivedAt: null },
        { placedAt: placed, receivedAt: placed - DAY },
      ]),
    ).toEqual([4, 2.5]);
  });

  it('uses the configured lead time while nothing has been observed', () => {
    expect(learnLeadTime({ meanDays: 7, stdDevDays: 1 }, [], 3)).toEqual({ meanDays: 7, stdDevDays: 1, observations: 0, observedMeanDays: null, source: 'configured' });
  });

  it('shrinks the observed mean towards the configured one by observation count', () => {
    const few = learnLeadTime({ meanDays: 7, stdDevDays: 1 }, [3], 3);
    expect(few.meanDays).toBeCloseTo((3 * 7 + 3) / 4);
    const many = learnLeadTime({ meanDays: 7, stdDevDays: 1 }, Array.from({ length: 30 }, () => 3), 3);
    expect(many.meanDays).toBeCloseTo((3 * 7 + 30 * 3) / 33);
    expect(Math.abs(many.meanDays - 3)).toBeLessThan(Math.abs(few.meanDays - 3));
    expect(many.source).toBe('learned');
  });

  it('widens the spread for variable deliveries and narrows it for reliable ones', () => {
    const reliable = learnLeadTime({ meanDays: 5, stdDevDays: 2 }, Array.from({ length: 20 }, () => 5), 3);
    const variable = learnLeadTime({ meanDays: 5, stdDevDays: 2 }, Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : 9)), 3);
    expect(reliable.stdDevDays).toBeLessThan(2);
    expect(variable.stdDevDays).toBeGreaterThan(3);
    expect(variable.meanDays).toBeCloseTo(5);
  });

  it('follows the observations alone when the prior weighs nothing', () => {
    const estimate = learnLeadTime({ meanDays: 7, stdDevDays: 1 }, [2, 4], 0);
    expect(estimate.meanDays).toBeCloseTo(3);
    expect(estimate.stdDevDays).toBeCloseTo(1);
  });
});
