import { effectivePolicy, holdingCostPerUnitPerDay, type ItemPolicy, replenishmentSettings } from './item-policy';

const defaults: ItemPolicy = {
  leadTimeDays: 7,
  leadTimeStdDevDays: 1,
  serviceLevel: 0.95,
  reviewPeriodDays: 0,
  packSize: 1,
  minimumOrderQuantity: 0,
  orderingCost: '25.0000',
  holdingCostRate: 0.25,
  unitCost: '7.3000',
  orderQuantityRule: 'economic',
};

describe('item policy', () => {
  it('lays the fields set for an item over the defaults', () => {
    expect(effectivePolicy(defaults, { packSize: 12, serviceLevel: 0.99 })).toEqual({ ...defaults, packSize: 12, serviceLevel: 0.99 });
    expect(effectivePolicy(defaults, null)).toBe(defaults);
  });

  it('turns a yearly holding rate into a daily cost per unit', () => {
    expect(holdingCostPerUnitPerDay(defaults)).toBeCloseTo((7.3 * 0.25) / 365);
  });

  it('uses the learned lead time and falls back to order-up-to without a holding cost', () => {
    const settings = replenishmentSettings(defaults, { meanDays: 4.5, stdDevDays: 0.8 });
    expect(settings).toMatchObject({ leadTimePeriods: 4.5, leadTimeStdDevPeriods: 0.8, serviceLevel: 0.95, orderQuantity: { rule: 'economic', orderingCost: 25 } });
    // The service factor from the measured shape of the forecast's lead-time errors, where there is one.
    expect(settings.serviceFactor).toBe('measured');
    expect(replenishmentSettings({ ...defaults, unitCost: '0' }, { meanDays: 4, stdDevDays: 0 }).orderQuantity).toEqual({ rule: 'order-up-to' });
    expect(replenishmentSettings({ ...defaults, orderQuantityRule: 'order-up-to' }, { meanDays: 4, stdDevDays: 0 }).orderQuantity).toEqual({ rule: 'order-up-to' });
  });
});
