import fc from 'fast-check';
import { AVAILABILITY_WITHOUT_BALANCE, availabilityAlertsAlong, availabilityCrossing } from './availability-crossing';

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

  it('raises an alert per crossing movement along a walk: emptied and restored within one batch raises both', () => {
    const walk = [
      { cause: 'sale-1', available: 2 },
      { cause: 'sale-2', available: 0 },
      { cause: 'receipt-1', available: 5 },
      { cause: 'sale-3', available: 1 },
    ];
    expect(availabilityAlertsAlong(4, walk)).toEqual([
      { type: 'available-zero', cause: 'sale-2' },
      { type: 'back-in-stock', cause: 'receipt-1' },
    ]);
  });

  it('raises the same alerts for a walk split anywhere, each part starting where the last ended', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (availabilities, cuts) => {
          const steps = availabilities.map((available, i) => ({ cause: `m-${i}`, available }));
          const whole = availabilityAlertsAlong(AVAILABILITY_WITHOUT_BALANCE, steps);
          const bounds = [...new Set(cuts.map((cut) => cut % (steps.length + 1)))].sort((a, b) => a - b);
          let before = AVAILABILITY_WITHOUT_BALANCE;
          let from = 0;
          const split = [...bounds, steps.length].flatMap((to) => {
            const part = steps.slice(from, to);
            const raised = availabilityAlertsAlong(before, part);
            if (part.length > 0) before = part[part.length - 1]!.available;
            from = to;
            return raised;
          });
          expect(split).toEqual(whole);
        },
      ),
    );
  });
});
