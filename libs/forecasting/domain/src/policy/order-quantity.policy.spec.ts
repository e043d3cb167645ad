import fc from 'fast-check';
import { economicOrderQuantity, roundOrderQuantity } from './order-quantity.policy';

describe('economicOrderQuantity', () => {
  it('EOQ = sqrt(2 D S / H): D 1200, S 50, H 2 -> sqrt(60000) = 244.949', () => {
    expect(economicOrderQuantity({ demandPerPeriod: 1200, orderingCost: 50, holdingCostPerUnitPerPeriod: 2 })).toBeCloseTo(Math.sqrt(60000), 9);
  });

  it('D 10 per day, S 25, H 0.05 per unit-day -> sqrt(500 / 0.05) = 100', () => {
    expect(economicOrderQuantity({ demandPerPeriod: 10, orderingCost: 25, holdingCostPerUnitPerPeriod: 0.05 })).toBeCloseTo(100, 9);
  });

  it('is zero without demand and refuses a zero holding cost', () => {
    expect(economicOrderQuantity({ demandPerPeriod: 0, orderingCost: 25, holdingCostPerUnitPerPeriod: 1 })).toBe(0);
    expect(() => economicOrderQuantity({ demandPerPeriod: 1, orderingCost: 25, holdingCostPerUnitPerPeriod: 0 })).toThrow(
      'holdingCostPerUnitPerPeriod must be a finite number > 0, got 0',
    );
  });
});

describe('roundOrderQuantity', () => {
  it('rounds up to whole packs: 244.949 in packs of 12 -> 21 packs = 252', () => {
    expect(roundOrderQuantity(244.949, { packSize: 12 })).toBe(252);
  });

  it('raises to the minimum order, itself in whole packs: MOQ 250 in packs of 12 -> 21 packs = 252', () => {
    expect(roundOrderQuantity(30, { packSize: 12, minimumOrderQuantity: 250 })).toBe(252);
    expect(roundOrderQuantity(30, { packSize: 12, minimumOrderQuantity: 300 })).toBe(300);
    expect(roundOrderQuantity(301, { packSize: 12, minimumOrderQuantity: 300 })).toBe(312);
  });

  it('keeps 0 at 0, orders at least one pack otherwise, and ignores floating-point dust', () => {
    expect(roundOrderQuantity(0, { packSize: 6, minimumOrderQuantity: 12 })).toBe(0);
    expect(roundOrderQuantity(0.2, { packSize: 6 })).toBe(6);
    expect(roundOrderQuantity(12.000000000001, { packSize: 6 })).toBe(12);
    expect(roundOrderQuantity(7.3)).toBe(8);
  });

  it('rejects a non-positive pack size or a negative quantity', () => {
    expect(() => roundOrderQuantity(5, { packSize: 0 })).toThrow('packSize must be a finite number > 0');
    expect(() => roundOrderQuantity(-1)).toThrow('quantity must be a finite number >= 0');
  });

  it('is a whole number of packs, at least the wanted quantity and the minimum, less than one pack over', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 48 }), fc.integer({ min: 0, max: 500 }), (wanted, packSize, minimum) => {
        const rounded = roundOrderQuantity(wanted, { packSize, minimumOrderQuantity: minimum });
        const packs = rounded / packSize;
        return Number.isInteger(packs) && rounded >= wanted && rounded >= minimum && rounded < Math.max(wanted, minimum) + packSize;
      }),
    );
  });
});
