import fc from 'fast-check';
import { complementaryErrorFunction, inverseStandardNormal, standardNormalCdf } from './normal-distribution';

describe('standard normal distribution', () => {
  it('gives the z values of the usual service levels', () => {
    expect(inverseStandardNormal(0.5)).toBe(0);
    expect(inverseStandardNormal(0.9)).toBeCloseTo(1.2815515655446004, 12);
    expect(inverseStandardNormal(0.95)).toBeCloseTo(1.6448536269514722, 12);
    expect(inverseStandardNormal(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(inverseStandardNormal(0.99)).toBeCloseTo(2.3263478740408408, 12);
    expect(inverseStandardNormal(0.05)).toBeCloseTo(-1.6448536269514722, 12);
  });

  it('evaluates the CDF and erfc at known points', () => {
    expect(standardNormalCdf(0)).toBe(0.5);
    expect(standardNormalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(standardNormalCdf(-3)).toBeCloseTo(0.0013498980316301, 15);
    expect(complementaryErrorFunction(0)).toBe(1);
    expect(complementaryErrorFunction(1)).toBeCloseTo(0.15729920705028513, 15);
    // Past the series region, via the continued fraction: erfc(3) = 2.209049699858544e-5.
    expect(complementaryErrorFunction(3) / 2.209049699858544e-5).toBeCloseTo(1, 12);
    expect(complementaryErrorFunction(-1)).toBeCloseTo(2 - 0.15729920705028513, 15);
  });

  it('inverts the CDF across the range', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-10, max: 1 - 1e-10, noNaN: true }), (p) => Math.abs(standardNormalCdf(inverseStandardNormal(p)) - p) <= 1e-12 * Math.max(p, 1e-3)),
    );
  });

  it('rejects probabilities of 0, 1 or outside', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) expect(() => inverseStandardNormal(p)).toThrow('probability must be strictly between 0 and 1');
  });
});
