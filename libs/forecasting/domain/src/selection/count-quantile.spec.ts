import { countQuantile } from './count-quantile';

describe('countQuantile', () => {
  it('Poisson when the variance equals the mean (mean 2)', () => {
    // P(0) = e^-2 = 0.1353, P(1) = 0.2707 (cum 0.4060), P(2) = 0.2707 (cum 0.6767),
    // P(3) = 0.1804 (0.8571), P(4) = 0.0902 (0.9473), P(5) = 0.0361 (0.9834).
    expect(countQuantile(2, 2, 0.5)).toBe(2);
    expect(countQuantile(2, 2, 0.9)).toBe(4);
    expect(countQuantile(2, 2, 0.95)).toBe(5);
  });

  it('negative binomial when over-dispersed (mean 2, variance 4: p = 0.5, r = 2)', () => {
    // P(0) = 0.5^2 = 0.25; P(k+1) = P(k) (k + 2) / (k + 1) * 0.5: 0.25, 0.1875, 0.125, 0.078125,
    // 0.046875, 0.02734375 -> cumulative 0.25, 0.5, 0.6875, 0.8125, 0.890625, 0.9375, 0.96484375.
    expect(countQuantile(2, 4, 0.5)).toBe(1);
    expect(countQuantile(2, 4, 0.9)).toBe(5);
    expect(countQuantile(2, 4, 0.95)).toBe(6);
  });

  it('is zero for zero mean, and normal for large means', () => {
    expect(countQuantile(0, 1, 0.99)).toBe(0);
    // mean 1000, variance 1000: ceil(1000 + 1.6449 * 31.623) = ceil(1052.02) = 1053.
    expect(countQuantile(1000, 1000, 0.95)).toBe(1053);
  });

  it('never decreases as the probability rises', () => {
    let previous = 0;
    for (let p = 0.05; p < 1; p += 0.05) {
      const quantile = countQuantile(3.7, 9.1, p);
      expect(quantile).toBeGreaterThanOrEqual(previous);
      previous = quantile;
    }
  });
});
