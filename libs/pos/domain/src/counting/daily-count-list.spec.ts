import { budgetToKeepCycles, dailyCountList, keysNeededToday, type CountCandidate } from './daily-count-list';

const policy = { budget: 2, cycleDays: { A: 10, B: 20, C: 40 } };
const key = (sku: string, risk: number, lastCountedDay: number | null, abcClass: 'A' | 'B' | 'C' = 'C'): CountCandidate => ({ sku, abcClass, risk, lastCountedDay, firstSeenDay: 0 });

describe('dailyCountList', () => {
  it('takes the riskiest keys when no cycle is pressing, highest risk first', () => {
    const list = dailyCountList([key('LOW', 1, 5), key('HIGH', 90, 5), key('MID', 40, 5)], 10, policy);
    expect(list.entries.map((entry) => [entry.sku, entry.dueForCycle])).toEqual([
      ['HIGH', false],
      ['MID', false],
    ]);
    expect(list.overdue).toEqual([]);
  });

  it('takes a key due today before riskier ones', () => {
    const list = dailyCountList([key('DUE', 0, 0), key('HIGH', 90, 30), key('MID', 40, 30)], 40, policy);
    expect(list.entries.map((entry) => entry.sku)).toEqual(['HIGH', 'DUE']);
    expect(list.entries.find((entry) => entry.sku === 'DUE')).toMatchObject({ dueForCycle: true, dueDay: 40 });
  });

  it('counts an A key on a shorter cycle than a C key', () => {
    const list = dailyCountList([key('A1', 0, 0, 'A'), key('C1', 0, 0, 'C'), key('X', 50, 5), key('Y', 50, 5)], 10, policy);
    expect(list.entries.map((entry) => entry.sku)).toContain('A1');
    expect(list.entries.map((entry) => entry.sku)).not.toContain('C1');
  });

  it('never exceeds the budget, and names the overdue keys it could not take', () => {
    const list = dailyCountList([key('O1', 0, 0), key('O2', 0, 1), key('O3', 0, 2)], 50, policy);
    expect(list.entries).toHaveLength(2);
    expect(list.overdue).toEqual(['O3']);
  });

  it('starts early on a pile of deadlines the later days could not absorb', () => {
    // Five keys due in two days; the two days after today take four: one must go today.
    expect(keysNeededToday([12, 12, 12, 12, 12], 10, 2)).toBe(1);
    expect(keysNeededToday([12, 12, 12, 12], 10, 2)).toBe(0);
    expect(keysNeededToday([8, 9], 10, 2)).toBe(2);
  });

  it('refuses a budget below one item', () => {
    expect(() => dailyCountList([], 0, { ...policy, budget: 0 })).toThrow(RangeError);
  });
});

describe('budgetToKeepCycles', () => {
  it('is twice the average daily load, rounded up', () => {
    expect(budgetToKeepCycles({ A: 100, B: 200, C: 400 }, { A: 10, B: 20, C: 40 })).toBe(60);
  });
});
