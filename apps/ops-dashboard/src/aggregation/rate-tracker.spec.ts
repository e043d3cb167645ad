import { RateBook, RateTracker } from './rate-tracker';
import { TimeSeries } from './time-series';

describe('RateTracker', () => {
  it('has no rate from one sample, then the increase per second', () => {
    const tracker = new RateTracker(60_000);
    expect(tracker.sample(1_000, 100)).toBeUndefined();
    expect(tracker.sample(3_000, 160)).toBe(30);
    expect(tracker.sample(4_000, 160)).toBe(0);
    expect(tracker.total).toBe(160);
    expect(tracker.series()).toEqual([[3_000, 30], [4_000, 0]]);
  });

  it('restarts from a counter that went down instead of reporting a negative rate', () => {
    const tracker = new RateTracker(60_000);
    tracker.sample(0, 500);
    expect(tracker.sample(1_000, 20)).toBeUndefined();
    expect(tracker.sample(2_000, 30)).toBe(10);
  });

  it('ignores a sample that is not later than the previous one', () => {
    const tracker = new RateTracker(60_000);
    tracker.sample(1_000, 0);
    tracker.sample(2_000, 10);
    expect(tracker.sample(2_000, 50)).toBe(10);
  });

  it('keeps the rate history to the window, with the point the window starts from', () => {
    const tracker = new RateTracker(5_000);
    for (let second = 0; second <= 10; second++) tracker.sample(second * 1000, second * second);
    expect(tracker.series().map(([time]) => time)).toEqual([5_000, 6_000, 7_000, 8_000, 9_000, 10_000]);
  });

  it('adds no point while the counter stands still and the rate is already zero', () => {
    const tracker = new RateTracker(60_000);
    tracker.sample(0, 10);
    tracker.sample(1_000, 20);
    tracker.sample(2_000, 20);
    const quiet = tracker.series();
    for (let second = 3; second <= 30; second++) expect(tracker.sample(second * 1000, 20)).toBe(0);
    expect(tracker.series()).toEqual(quiet);
    expect(quiet).toEqual([[1_000, 10], [2_000, 0]]);
    expect(tracker.sample(31_000, 29)).toBe(9);
  });
});

describe('RateBook', () => {
  it('tracks several counters by name', () => {
    const book = new RateBook(60_000);
    book.sample('a', 0, 0);
    book.sample('b', 0, 0);
    book.sample('a', 1_000, 5);
    book.sample('b', 1_000, 50);
    expect(book.get('a')?.rate).toBe(5);
    expect(book.get('b')?.rate).toBe(50);
    expect(book.get('c')).toBeUndefined();
  });
});

describe('TimeSeries', () => {
  it('drops points older than the window but the one it starts from, and reports the latest', () => {
    const series = new TimeSeries(1_000);
    series.add(0, 1);
    series.add(500, 2);
    series.add(1_600, 3);
    expect(series.values()).toEqual([[500, 2], [1_600, 3]]);
    expect(series.latest()).toBe(3);
  });

  it('adds no point for a value equal to the latest', () => {
    const series = new TimeSeries(10_000);
    series.add(0, 4);
    series.add(1_000, 4);
    series.add(2_000, 5);
    expect(series.values()).toEqual([[0, 4], [2_000, 5]]);
  });
});
