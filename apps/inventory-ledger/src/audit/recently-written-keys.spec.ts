import { RecentlyWrittenKeys } from './recently-written-keys';

const key = (sku: string, locationId = 'S1') => ({ sku, locationId });

describe('RecentlyWrittenKeys', () => {
  it('hands keys out oldest first, each once however often it was written', () => {
    const recent = new RecentlyWrittenKeys(10);
    recent.noteWritten([key('A'), key('B')]);
    recent.noteWritten([key('A'), key('C')]);
    expect(recent.take(2)).toEqual([key('A'), key('B')]);
    expect(recent.take(5)).toEqual([key('C')]);
    expect(recent.size).toBe(0);
  });

  it('tells SKU and location apart', () => {
    const recent = new RecentlyWrittenKeys(10);
    recent.noteWritten([key('A', 'S1'), key('A', 'S2')]);
    expect(recent.take(5)).toEqual([key('A', 'S1'), key('A', 'S2')]);
  });

  it('drops the oldest beyond its capacity', () => {
    const recent = new RecentlyWrittenKeys(2);
    recent.noteWritten([key('A'), key('B'), key('C')]);
    expect(recent.take(5)).toEqual([key('B'), key('C')]);
  });

  it('keeps nothing while this instance does not audit, or with no capacity', () => {
    let auditing = false;
    const recent = new RecentlyWrittenKeys(5, () => auditing);
    recent.noteWritten([key('A')]);
    expect(recent.size).toBe(0);
    auditing = true;
    recent.noteWritten([key('A')]);
    expect(recent.size).toBe(1);
    const none = new RecentlyWrittenKeys(0);
    none.noteWritten([key('A')]);
    expect(none.size).toBe(0);
  });

  it('signals the first arrival after it was emptied', () => {
    const recent = new RecentlyWrittenKeys(5);
    let arrivals = 0;
    recent.onArrival(() => arrivals++);
    recent.noteWritten([key('A')]);
    recent.noteWritten([key('B')]);
    expect(arrivals).toBe(1);
    recent.take(5);
    recent.noteWritten([key('C')]);
    expect(arrivals).toBe(2);
  });
});
