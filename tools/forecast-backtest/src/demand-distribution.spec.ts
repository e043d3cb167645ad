import { distributionMean, distributionQuantile, flooredUniform, mapDistribution, occasionally } from './demand-distribution';

describe('demand distributions', () => {
  it('floor of a uniform: each whole unit weighted by its share of the range', () => {
    const d = flooredUniform(0.5, 3);
    expect(Array.from(d.values)).toEqual([0, 1, 2]);
    expect(Array.from(d.probabilities)).toEqual([0.2, 0.4, 0.4]);
    expect(distributionMean(d)).toBeCloseTo(1.2, 12);
  });

  it('mapping merges the values it sends together and keeps them ascending', () => {
    const d = mapDistribution(flooredUniform(0, 4), (value) => Math.round(value * 0.5));
    // 0 -> 0, 1 -> 1 (Math.round(0.5) is 1), 2 -> 1, 3 -> 2
    expect(Array.from(d.values)).toEqual([0, 1, 2]);
    expect(Array.from(d.probabilities)).toEqual([0.25, 0.5, 0.25]);
  });

  it('occasional demand puts the rest of the mass at zero', () => {
    const d = occasionally(flooredUniform(1, 3), 0.3);
    expect(Array.from(d.values)).toEqual([0, 1, 2]);
    expect(d.probabilities[0]).toBeCloseTo(0.7, 12);
    expect(distributionMean(d)).toBeCloseTo(0.3 * 1.5, 12);
    expect(distributionQuantile(d, 0.5)).toBe(0);
    expect(distributionQuantile(d, 0.9)).toBe(2);
  });

  it('the quantile is the least value whose cumulative probability reaches the level', () => {
    const d = flooredUniform(0, 4);
    expect(distributionQuantile(d, 0.25)).toBe(0);
    expect(distributionQuantile(d, 0.5)).toBe(1);
    expect(distributionQuantile(d, 0.51)).toBe(2);
    expect(distributionQuantile(d, 1)).toBe(3);
  });
});
