import { DailyDemandAggregator, dayNumber, isoDate } from './daily-demand.aggregation';

describe('day numbers', () => {
  it('counts days since 1970-01-01 and back', () => {
    expect(dayNumber('1970-01-02 08:00:00')).toBe(1);
    expect(isoDate(dayNumber('2011-12-09 12:50:00'))).toBe('2011-12-09');
    expect(() => dayNumber('09/12/2011')).toThrow('DATA.INVALID_DATE');
  });
});

describe('DailyDemandAggregator', () => {
  // Thursday 2010-12-02 to Tuesday 2010-12-07: Saturday the 4th never trades; Monday the 6th had no invoice.
  const day = (iso: string): number => dayNumber(iso);

  function build(): ReturnType<DailyDemandAggregator['build']> {
    const aggregator = new DailyDemandAggregator();
    aggregator.add('A', day('2010-12-02'), 5);
    aggregator.add('A', day('2010-12-02'), -2);
    aggregator.add('A', day('2010-12-05'), 4);
    aggregator.add('A', day('2010-12-07'), -6);
    aggregator.add('B', day('2010-12-03'), 3);
    aggregator.add('C', day('2010-12-03'), -1);
    aggregator.markTradingDay(day('2010-12-04'));
    return aggregator.build();
  }

  it('nets sales and returns per item and day, flooring a net return at zero', () => {
    const [a] = build();
    // 12-02: 5 - 2 = 3; 12-05: 4; 12-07: -6 -> 0.
    expect(a.id).toBe('A');
    expect(a.firstDay).toBe('2010-12-02');
    expect(Array.from(a.values)).toEqual([3, 0, 0, 4, 0, 0]);
  });

  it('marks Saturdays and days without any invoice as closed', () => {
    const [a] = build();
    // 02 Thu open, 03 Fri open, 04 Sat closed (even with a line), 05 Sun open, 06 Mon no invoice, 07 Tue open.
    expect(Array.from(a.closed)).toEqual([0, 0, 1, 0, 1, 0]);
  });

  it('starts each item at its first sale and leaves out items that never sold', () => {
    const series = build();
    expect(series.map((s) => s.id)).toEqual(['A', 'B']);
    expect(series[1]).toMatchObject({ firstDay: '2010-12-03' });
    expect(Array.from(series[1].values)).toEqual([3, 0, 0, 0, 0]);
  });

  it('builds nothing from nothing', () => {
    expect(new DailyDemandAggregator().build()).toEqual([]);
  });
});
