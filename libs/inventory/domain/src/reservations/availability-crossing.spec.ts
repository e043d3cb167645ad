import fc from 'fast-check';
import { AVAILABILITY_WITHOUT_BALANCE, availabilityCrossing } from './availability-crossing';

describe('availabilityCrossing', () => {
  it('raises available-zero when availability falls to zero or below, back-in-stock when it rises above zero', () => {
    expect(availabilityCrossing(3, 0)).toBe('available-zero');
    expect(availabilityCrossing(1, -2)).toBe('available-zero');
    expect(availabilityCrossing(0, 1)).toBe('back-in-stock');
    expect(availabilityCrossing(-4, 2)).toBe('back-in-stock');
  });

  it('raises nothing while availability stays on one side of zero', () => {
    expect(availabilityCrossing(5, 1)).toBeUndefined();
    expect(availabilityCrossing(0, -3)).toBeUndefined();
    expect(availabilityCrossing(-1, 0)).toBeUndefined();
    expect(availabilityCrossing(2, 9)).toBeUndefined();
  });

  it('treats a key without a balance as available: a first receipt raises nothing, a first sale available-zero', () => {
    expect(availabilityCrossing(AVAILABILITY_WITHOUT_BALANCE, 10)).toBeUndefined();
    expect(availabilityCrossing(AVAILABILITY_WITHOUT_BALANCE, -1)).toBe('available-zero');
  });

  it('raises alerts that alternate along any walk of availability, starting with available-zero', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 50 }), (walk) => {
        const raised = walk
          .map((after, i) => availabilityCrossing(i === 0 ? AVAILABILITY_WITHOUT_BALANCE : walk[i - 1]!, after))
          .filter((type) => type !== undefined);
        raised.forEach((type, i) => expect(type).toBe(i % 2 === 0 ? 'available-zero' : 'back-in-stock'));
      }),
    );
  });
});
