import type { ForecastResult } from '../methods/forecast-method.types';
import { type ForecastErrorProfile, MOSTLY_ZERO_DEMAND_SHARE } from '../selection/forecast-error-profile';
import { measuredServiceLevel, planReplenishment } from './replenishment-plan.policy';

const Z95 = 1.6448536269514722;

function forecast(points: number[], errors: number[]): ForecastResult {
  return { method: 'simple-exponential-smoothing', pointForecast: Float64Array.from(points), params: {}, inSampleErrors: Float64Array.from(errors) };
}

describe('planReplenishment', () => {
  // 10 per day, one-step errors ±2 (sigma 2), lead time 4 days, 95%.
  const steady = forecast([10, 10, 10, 10, 10, 10, 10], [Number.NaN, 2, -2, 2, -2]);

  it('EOQ rule: ROP = 10 * 4 + 1.6449 * 2 * sqrt(4) = 46.579, lot sqrt(2 * 10 * 50 / 0.5) = 44.72', () => {
    const plan = planReplenishment(steady, {
      serviceLevel: 0.95,
      leadTimePeriods: 4,
      packSize: 6,
      minimumOrderQuantity: 12,
      orderQuantity: { rule: 'economic', orderingCost: 50, holdingCostPerUnitPerPeriod: 0.5 },
    });
    expect(plan.meanDemandPerPeriod).toBe(10);
    expect(plan.demandStdDevPerPeriod).toBe(2);
    expect(plan.safetyStock).toBeCloseTo(Z95 * 4, 9);
    expect(plan.reorderPoint).toBeCloseTo(40 + Z95 * 4, 9);
    expect(plan.economicOrderQuantity).toBeCloseTo(Math.sqrt(2000), 9);
    expect(plan.policy).toMatchObject({ packSize: 6, minimumOrderQuantity: 12, orderQuantity: { kind: 'fixed-quantity' } });
  });

  it('order-up-to rule with a review period: S = 10 * (4 + 3) + 1.6449 * 2 * sqrt(7)', () => {
    const plan = planReplenishment(steady, { serviceLevel: 0.95, leadTimePeriods: 4, reviewPeriods: 3, orderQuantity: { rule: 'order-up-to' } });
    const level = 70 + Z95 * 2 * Math.sqrt(7);
    expect(plan.reorderPoint).toBeCloseTo(level, 9);
    expect(plan.policy.orderQuantity).toEqual({ kind: 'order-up-to', level: plan.reorderPoint });
    expect(plan.economicOrderQuantity).toBeUndefined();
  });

  it('averages the forecast over the protection interval, repeating its last value past its end', () => {
    // Lead time 4 over forecast 4 8 (then 8 8): mean (4 + 8 + 8 + 8) / 4 = 7.
    const plan = planReplenishment(forecast([4, 8], [1, -1]), { serviceLevel: 0.9, leadTimePeriods: 4, orderQuantity: { rule: 'order-up-to' } });
    expect(plan.meanDemandPerPeriod).toBe(7);
    expect(plan.expectedDemand).toBe(28);
  });

  it('adds lead-time variability using the forecast demand rate', () => {
    // sqrt(4 * 4 + 10^2 * 1.5^2) = sqrt(241).
    const plan = planReplenishment(steady, { serviceLevel: 0.95, leadTimePeriods: 4, leadTimeStdDevPeriods: 1.5, orderQuantity: { rule: 'order-up-to' } });
    expect(plan.safetyStock).toBeCloseTo(Z95 * Math.sqrt(241), 9);
  });

  it('orders at least a pack or the minimum when the forecast is zero', () => {
    const plan = planReplenishment(forecast([0, 0], [0, 0]), {
      serviceLevel: 0.95,
      leadTimePeriods: 2,
      packSize: 6,
      minimumOrderQuantity: 12,
      orderQuantity: { rule: 'economic', orderingCost: 10, holdingCostPerUnitPerPeriod: 1 },
    });
    expect(plan.economicOrderQuantity).toBe(0);
    expect(plan.policy.orderQuantity).toEqual({ kind: 'fixed-quantity', quantity: 12 });
  });

  it('refuses an empty forecast', () => {
    expect(() => planReplenishment(forecast([], []), { serviceLevel: 0.95, leadTimePeriods: 2, orderQuantity: { rule: 'order-up-to' } })).toThrow(
      'forecast.pointForecast must cover at least one period',
    );
  });

  // Total over 7 periods: (4 * 7 + 1 * 49) * (1 + 1/4) = 96.25; one period ahead (3 + 1) * 1.25 = 5.
  const profile: ForecastErrorProfile = {
    constantVariance: 3,
    varianceGrowthPerPeriod: 1,
    independentVariance: 4,
    persistentVariance: 1,
    origins: 4,
    errorsScored: 40,
    originsAhead: Float64Array.of(4),
    standardizedErrors: new Float64Array(0),
    standardizedTotalErrors: new Float64Array(0),
    zeroDemandShare: 0,
  };

  it('takes the spread over the protection interval from an error profile when the forecast has one', () => {
    const plan = planReplenishment(steady, { serviceLevel: 0.95, leadTimePeriods: 4, reviewPeriods: 3, orderQuantity: { rule: 'order-up-to' } }, profile);
    expect(plan.demandStdDevPerPeriod).toBeCloseTo(Math.sqrt(5), 12);
    expect(plan.safetyStock).toBeCloseTo(Z95 * Math.sqrt(96.25), 9);
    expect(plan.reorderPoint).toBeCloseTo(70 + Z95 * Math.sqrt(96.25), 9);
  });

  it('takes the service factor, when asked, from the standardized errors of the profile\'s totals where they show a heavier tail', () => {
    // 0.01, 0.02, ..., 0.99 times 3: the 0.95 quantile at position 100 * 0.95 - 1 = 94 is 2.85.
    const base = { ...profile, standardizedTotalErrors: Float64Array.from({ length: 99 }, (_, i) => (3 * (i + 1)) / 100) };
    const settings = { serviceLevel: 0.95, leadTimePeriods: 4, reviewPeriods: 3, orderQuantity: { rule: 'order-up-to' }, serviceFactor: 'measured' } as const;
    // Only when asked: the normal factor by default.
    expect(planReplenishment(steady, { ...settings, serviceFactor: undefined }, base).serviceFactor).toBeCloseTo(Z95, 12);
    const heavy = planReplenishment(steady, settings, base);
    expect(heavy.serviceFactor).toBeCloseTo(2.85, 12);
    expect(heavy.safetyStock).toBeCloseTo(2.85 * Math.sqrt(96.25), 9);
    // A lighter tail than the normal's keeps the normal factor.
    const light = planReplenishment(steady, settings, { ...base, standardizedTotalErrors: Float64Array.from({ length: 99 }, (_, i) => (i + 1) / 100) });
    expect(light.serviceFactor).toBeCloseTo(Z95, 12);
  });

  it('reads the measured factor of mostly-zero demand at half the shortfall probability asked for', () => {
    // 0.01, ..., 0.99 times 3: at 0.975 the position 100 * 0.975 - 1 = 96.5 lies between 2.91 and 2.94.
    const mostlyZero = { ...profile, zeroDemandShare: 0.85, standardizedTotalErrors: Float64Array.from({ length: 99 }, (_, i) => (3 * (i + 1)) / 100) };
    const settings = { serviceLevel: 0.95, leadTimePeriods: 4, reviewPeriods: 3, orderQuantity: { rule: 'order-up-to' }, serviceFactor: 'measured' } as const;
    expect(planReplenishment(steady, settings, mostlyZero).serviceFactor).toBeCloseTo(2.925, 12);
    // The normal factor, asked for, stays at the level asked.
    expect(planReplenishment(steady, { ...settings, serviceFactor: 'normal' }, mostlyZero).serviceFactor).toBeCloseTo(Z95, 12);
  });

  it('never gives a higher service level a smaller measured factor, beyond what the totals can show too', () => {
    // 40 totals show quantiles up to 40 / 41 = 0.9756; 0.98 and 0.99 lie beyond.
    const totals = Float64Array.from({ length: 40 }, (_, i) => (i < 36 ? i / 20 : 3 + i / 10));
    const settings = { leadTimePeriods: 4, reviewPeriods: 3, orderQuantity: { rule: 'order-up-to' }, serviceFactor: 'measured' } as const;
    const factors = [0.9, 0.95, 0.97, 0.98, 0.99, 0.995].map(
      (serviceLevel) => planReplenishment(steady, { ...settings, serviceLevel }, { ...profile, standardizedTotalErrors: totals }).serviceFactor,
    );
    for (let i = 1; i < factors.length; i++) expect(factors[i]).toBeGreaterThan(factors[i - 1]);
    // Beyond: the normal 0.99 quantile times the largest total over the normal quantile at 40 / 41.
    expect(factors[4]).toBeCloseTo(2.3263478740408408 * (6.9 / 1.9705053031703283), 4);
  });
});

describe('measuredServiceLevel', () => {
  const profile = (zeroDemandShare: number): ForecastErrorProfile => ({
    constantVariance: 1,
    varianceGrowthPerPeriod: 0,
    independentVariance: 1,
    persistentVariance: 0,
    origins: 8,
    errorsScored: 100,
    originsAhead: Float64Array.of(8),
    standardizedErrors: new Float64Array(0),
    standardizedTotalErrors: new Float64Array(0),
    zeroDemandShare,
  });

  it('halves the shortfall probability from a zero-demand share of MOSTLY_ZERO_DEMAND_SHARE on, and keeps the level below it', () => {
    expect(measuredServiceLevel(0.95, profile(MOSTLY_ZERO_DEMAND_SHARE))).toBeCloseTo(0.975, 12);
    expect(measuredServiceLevel(0.9, profile(0.95))).toBeCloseTo(0.95, 12);
    expect(measuredServiceLevel(0.95, profile(0.79))).toBe(0.95);
  });

  it('passes a level outside (0, 1) through, for the reorder point to reject', () => {
    expect(measuredServiceLevel(-0.5, profile(0.9))).toBe(-0.5);
    expect(measuredServiceLevel(1, profile(0.9))).toBe(1);
  });
});
