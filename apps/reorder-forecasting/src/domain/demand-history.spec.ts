import { buildDemandHistory } from './demand-history';

const row = (day: string, demandUnits: number, minOnHand: number, closingOnHand: number) => ({ day, demandUnits, minOnHand, closingOnHand });

describe('demand history with censoring', () => {
  it('fills days without movements with zero demand', () => {
    const history = buildDemandHistory([row('2025-03-01', 5, 10, 10), row('2025-03-03', 4, 6, 6)], {
      firstDay: '2025-03-01',
      lastDay: '2025-03-04',
      openingOnHand: null,
    });
    expect(history.days).toEqual(['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04']);
    expect(history.demand).toEqual([5, 0, 4, 0]);
    expect(history.censored).toEqual([false, false, false, false]);
    expect(history.totalDemand).toBe(9);
  });

  it('marks a day censored when stock touched zero during it or it closed at zero or below', () => {
    const history = buildDemandHistory(
      [row('2025-03-01', 8, 0, 12), row('2025-03-02', 12, -2, -2), row('2025-03-03', 0, 30, 30), row('2025-03-04', 6, 24, 24)],
      { firstDay: '2025-03-01', lastDay: '2025-03-04', openingOnHand: 8 },
    );
    // 3 March opened at -2 (out of stock until the receipt), 4 March opened at 30.
    expect(history.censored).toEqual([true, true, true, false]);
    expect(history.censoredDays).toBe(3);
  });

  it('keeps a stock-out going over days without movements, and starts from the stock before the window', () => {
    const history = buildDemandHistory([row('2025-03-03', 5, 15, 15)], { firstDay: '2025-03-01', lastDay: '2025-03-04', openingOnHand: 0 });
    expect(history.censored).toEqual([true, true, true, false]);
  });

  it('floors a day of net returns at zero demand and gives an empty series for an empty window', () => {
    expect(buildDemandHistory([row('2025-03-01', -3, 5, 5)], { firstDay: '2025-03-01', lastDay: '2025-03-01', openingOnHand: null }).demand).toEqual([0]);
    expect(buildDemandHistory([], { firstDay: '2025-03-02', lastDay: '2025-03-01', openingOnHand: null }).days).toEqual([]);
  });
});
