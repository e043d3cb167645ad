// The count list's promises, over random locations simulated day after day: the list never exceeds
// the budget, every key is counted within its class's cycle when the budget is the one
// budgetToKeepCycles asks for, and the same inputs give the same list.
import fc from 'fast-check';
import { ABC_CLASSES, type AbcClass } from './abc-classification';
import { budgetToKeepCycles, dailyCountList, type CountCandidate } from './daily-count-list';

const classArbitrary = fc.constantFrom<AbcClass>(...ABC_CLASSES);
const cyclesArbitrary = fc
  .tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 40 }))
  .map(([a, bExtra, cExtra]) => ({ A: a, B: a + bExtra, C: a + bExtra + cExtra }));
const locationArbitrary = fc.record({
  classes: fc.array(classArbitrary, { minLength: 1, maxLength: 60 }),
  cycleDays: cyclesArbitrary,
  riskSeed: fc.integer({ min: 1, max: 1_000_000 }),
  extraBudget: fc.integer({ min: 0, max: 3 }),
});

/** Risks that change every day, from a seed, so the simulation is reproducible. */
function riskOf(seed: number, keyIndex: number, day: number): number {
  return (seed * 31 + keyIndex * 17 + day * 13 + ((keyIndex * day) % 7)) % 101;
}

describe('dailyCountList properties', () => {
  it('keeps the budget and every cycle, day after day', () => {
    fc.assert(
      fc.property(locationArbitrary, ({ classes, cycleDays, riskSeed, extraBudget }) => {
        const perClass = { A: 0, B: 0, C: 0 };
        classes.forEach((abcClass) => (perClass[abcClass] += 1));
        const budget = budgetToKeepCycles(perClass, cycleDays) + extraBudget;
        const lastCounted = classes.map(() => null as number | null);
        const days = 3 * cycleDays.C;
        for (let day = 0; day < days; day += 1) {
          const candidates: CountCandidate[] = classes.map((abcClass, index) => ({
            sku: `SKU-${index}`,
            abcClass,
            risk: riskOf(riskSeed, index, day),
            lastCountedDay: lastCounted[index] ?? null,
            firstSeenDay: 0,
          }));
          const list = dailyCountList(candidates, day, { budget, cycleDays });
          if (list.entries.length > budget) return false;
          if (list.overdue.length > 0) return false;
          for (const entry of list.entries) lastCounted[Number(entry.sku.slice(4))] = day;
          for (const [index, abcClass] of classes.entries()) {
            const since = lastCounted[index] ?? 0;
            if (day - since > cycleDays[abcClass]) return false;
          }
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('never exceeds the budget, whatever the budget and the keys', () => {
    const candidateArbitrary = fc.record({
      sku: fc.string({ minLength: 1, maxLength: 6 }),
      abcClass: classArbitrary,
      risk: fc.integer({ min: 0, max: 200 }),
      lastCountedDay: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
      firstSeenDay: fc.integer({ min: 0, max: 400 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(candidateArbitrary, { selector: (candidate) => candidate.sku, maxLength: 80 }), fc.integer({ min: 1, max: 30 }), cyclesArbitrary, fc.integer({ min: 0, max: 500 }), (candidates, budget, cycleDays, today) => {
        const list = dailyCountList(candidates, today, { budget, cycleDays });
        return list.entries.length <= budget && new Set(list.entries.map((entry) => entry.sku)).size === list.entries.length;
      }),
    );
  });

  it('gives the same list for the same keys in any order', () => {
    const candidateArbitrary = fc.record({
      sku: fc.string({ minLength: 1, maxLength: 6 }),
      abcClass: classArbitrary,
      risk: fc.integer({ min: 0, max: 5 }),
      lastCountedDay: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
      firstSeenDay: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(candidateArbitrary, { selector: (candidate) => candidate.sku, maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (candidates, budget) => {
        const policy = { budget, cycleDays: { A: 5, B: 10, C: 20 } };
        const forward = dailyCountList(candidates, 30, policy);
        const backward = dailyCountList([...candidates].reverse(), 30, policy);
        expect(backward).toEqual(forward);
      }),
    );
  });
});
