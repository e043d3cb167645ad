import { median, percentile, summariseLatencies } from './stats';

describe('bench statistics', () => {
  it('takes the middle of an odd count and the lower middle rank of an even one', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2);
  });

  it('uses nearest-rank percentiles, so p99 of 100 values is the 99th smallest', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
  });

  it('summarises latencies, and says NaN rather than zero when nothing was measured', () => {
    expect(summariseLatencies([10, 30, 20])).toEqual({ count: 3, p50: 20, p95: 30, p99: 30, max: 30 });
    expect(summariseLatencies([]).p99).toBeNaN();
  });
});
