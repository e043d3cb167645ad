import { RecentEvents, countBy } from './recent-events';

interface Item {
  id: string;
  at: number;
}

const recent = (capacity: number) => new RecentEvents<Item>(capacity, (item) => item.id, (item) => item.at);

describe('RecentEvents', () => {
  it('lists the newest first, bounded, each event once', () => {
    const events = recent(3);
    for (const [id, at] of [['a', 1], ['b', 3], ['c', 2], ['d', 5]] as const) events.add({ id, at });
    expect(events.add({ id: 'd', at: 5 })).toBe(false);
    expect(events.list().map((item) => item.id)).toEqual(['d', 'b', 'c']);
    expect(events.total).toBe(4);
  });

  it('accepts an event again once it fell out of the window', () => {
    const events = recent(1);
    events.add({ id: 'a', at: 1 });
    events.add({ id: 'b', at: 2 });
    expect(events.add({ id: 'a', at: 3 })).toBe(true);
  });

  it('takes a later occurrence of an id held in place of the earlier one, and ignores an earlier one', () => {
    const events = recent(3);
    events.add({ id: 'a', at: 1 });
    events.add({ id: 'b', at: 2 });
    expect(events.add({ id: 'a', at: 3 })).toBe(true);
    expect(events.list()).toEqual([{ id: 'a', at: 3 }, { id: 'b', at: 2 }]);
    expect(events.add({ id: 'a', at: 2 })).toBe(false);
    expect(events.total).toBe(3);
  });

  it('replaces the list from a polled source', () => {
    const events = recent(5);
    events.add({ id: 'old', at: 1 });
    events.replaceAll([{ id: 'x', at: 2 }, { id: 'y', at: 4 }]);
    expect(events.list().map((item) => item.id)).toEqual(['y', 'x']);
  });
});

describe('countBy', () => {
  it('counts by category, largest first, ties by name', () => {
    expect(countBy(['low', 'negative', 'low', 'stockout'], (type) => type)).toEqual([
      { category: 'low', count: 2 },
      { category: 'negative', count: 1 },
      { category: 'stockout', count: 1 },
    ]);
  });
});
