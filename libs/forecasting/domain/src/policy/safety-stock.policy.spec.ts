import { ForecastingError } from '../forecasting.error';
import { reorderPoint, safetyStock } from './safety-stock.policy';

const Z95 = 1.6448536269514722;

describe('safetyStock', () => {
  it('SS = z sigma sqrt(L): 95%, sigma 10 per day, lead time 4 days -> 1.6449 * 10 * 2 = 32.897', () => {
    expect(safetyStock({ serviceLevel: 0.95, demandStdDevPerPeriod: 10, leadTimePeriods: 4 })).toBeCloseTo(Z95 * 20, 9);
  });

  it('adds the review period to the protection interval: L 4 + R 5 -> z * 10 * sqrt(9) = 49.346', () => {
    expect(safetyStock({ serviceLevel: 0.95, demandStdDevPerPeriod: 10, leadTimePeriods: 4, reviewPeriods: 5 })).toBeCloseTo(Z95 * 30, 9);
  });

  it('with variable lead time SS = z sqrt(L sigma_d^2 + d^2 sigma_L^2): sqrt(4 * 100 + 400 * 1) = sqrt(800)', () => {
    // d = 20 per day, sigma_L = 1 day: 1.6449 * 28.2843 = 46.524.
    const ss = safetyStock({ serviceLevel: 0.95, demandStdDevPerPeriod: 10, leadTimePeriods: 4, leadTimeStdDevPeriods: 1, meanDemandPerPeriod: 20 });
    expect(ss).toBeCloseTo(Z95 * Math.sqrt(800), 9);
    expect(ss).toBeCloseTo(46.5237, 3);
  });

  it('takes a measured error spread of the protection-interval total instead of sigma sqrt(L + R)', () => {
    // Measured 30 over L 4 + R 5, where independent errors would give 10 * 3: same; 45 is more.
    expect(safetyStock({ serviceLevel: 0.95, demandStdDevPerPeriod: 10, leadTimePeriods: 4, reviewPeriods: 5, protectionErrorStdDev: 45 })).toBeCloseTo(Z95 * 45, 9);
    // Lead-time variability still adds: sqrt(45^2 + 20^2 * 1^2).
    expect(
      safetyStock({ serviceLevel: 0.95, demandStdDevPerPeriod: 10, leadTimePeriods: 4, protectionErrorStdDev: 45, leadTimeStdDevPeriods: 1, meanDemandPerPeriod: 20 }),
    ).toBeCloseTo(Z95 * Math.sqrt(2425), 9);
    expect(() => safetyStock({ serviceLevel: 0.95, demandStdDevPerPeriod: 10, leadTimePeriods: 4, protectionErrorStdDev: -1 })).toThrow('protectionErrorStdDev');
  });

  it('is zero at a 50% service level or with no uncertainty', () => {
    expect(safetyStock({ serviceLevel: 0.5, demandStdDevPerPeriod: 10, leadTimePeriods: 4 })).toBe(0);
    expect(safetyStock({ serviceLevel: 0.99, demandStdDevPerPeriod: 0, leadTimePeriods: 4 })).toBe(0);
  });

  it('refuses a lead-time spread without the demand rate that prices it', () => {
    expect(() => safetyStock({ serviceLevel: 0.95, demandStdDevPerPeriod: 10, leadTimePeriods: 4, leadTimeStdDevPeriods: 1 })).toThrow(
      'meanDemandPerPeriod is required when leadTimeStdDevPeriods > 0',
    );
  });

  it('names the field and the reason for invalid input', () => {
    const codeOf = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return (error as ForecastingError).code;
      }
      return 'none';
    };
    expect(codeOf(() => safetyStock({ serviceLevel: 1, demandStdDevPerPeriod: 1, leadTimePeriods: 1 }))).toBe('POLICY.INVALID_SERVICE_LEVEL');
    expect(codeOf(() => safetyStock({ serviceLevel: 0.4, demandStdDevPerPeriod: 1, leadTimePeriods: 1 }))).toBe('POLICY.INVALID_SERVICE_LEVEL');
    expect(() => safetyStock({ serviceLevel: 0.9, demandStdDevPerPeriod: -1, leadTimePeriods: 1 })).toThrow('demandStdDevPerPeriod must be a finite number >= 0, got -1');
    expect(() => safetyStock({ serviceLevel: 0.9, demandStdDevPerPeriod: 1, leadTimePeriods: Number.NaN })).toThrow('leadTimePeriods');
  });
});

describe('reorderPoint', () => {
  it('ROP = d (L + R) + SS: 20 * 4 + 46.524 = 126.524', () => {
    const point = reorderPoint({ serviceLevel: 0.95, meanDemandPerPeriod: 20, demandStdDevPerPeriod: 10, leadTimePeriods: 4, leadTimeStdDevPeriods: 1 });
    expect(point.expectedDemand).toBe(80);
    expect(point.serviceFactor).toBeCloseTo(Z95, 12);
    expect(point.safetyStock).toBeCloseTo(Z95 * Math.sqrt(800), 9);
    expect(point.reorderPoint).toBeCloseTo(80 + Z95 * Math.sqrt(800), 9);
  });

  it('with a review period gives the order-up-to level S = d (L + R) + z sigma sqrt(L + R)', () => {
    // d 5, sigma 2, L 3, R 6, 97.5%: 45 + 1.96 * 2 * 3 = 56.76.
    const point = reorderPoint({ serviceLevel: 0.975, meanDemandPerPeriod: 5, demandStdDevPerPeriod: 2, leadTimePeriods: 3, reviewPeriods: 6 });
    expect(point.reorderPoint).toBeCloseTo(45 + 1.959963984540054 * 6, 9);
  });

  it('rises with the service level', () => {
    const at = (serviceLevel: number): number => reorderPoint({ serviceLevel, meanDemandPerPeriod: 5, demandStdDevPerPeriod: 2, leadTimePeriods: 3 }).reorderPoint;
    expect(at(0.9)).toBeLessThan(at(0.95));
    expect(at(0.95)).toBeLessThan(at(0.99));
  });
});
