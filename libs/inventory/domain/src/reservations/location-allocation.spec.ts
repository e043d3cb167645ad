import fc from 'fast-check';
import { ReservationError } from './reservation-error';
import { allocateAcrossLocations, checkAllocationRequest, type LocationAvailability } from './location-allocation';

const stock = (entries: Record<string, number>): LocationAvailability[] => Object.entries(entries).map(([locationId, available]) => ({ locationId, available }));

describe('allocateAcrossLocations', () => {
  it('takes from the location with the most to promise first, ties in the order given', () => {
    expect(allocateAcrossLocations(stock({ S1: 3, S2: 8, S3: 8 }), 10, 'most-available', false)).toEqual({
      covered: true,
      available: 19,
      takes: [{ locationId: 'S2', quantity: 8 }, { locationId: 'S3', quantity: 2 }],
    });
  });

  it('follows the caller’s priority order with rule priority, skipping locations with nothing to promise', () => {
    expect(allocateAcrossLocations(stock({ S3: 2, S1: 0, S2: 9 }), 5, 'priority', false).takes).toEqual([
      { locationId: 'S3', quantity: 2 },
      { locationId: 'S2', quantity: 3 },
    ]);
  });

  it('takes nothing when the locations cannot cover the quantity, and counts a short location as nothing', () => {
    expect(allocateAcrossLocations(stock({ S1: 4, S2: -3 }), 5, 'most-available', false)).toEqual({ covered: false, takes: [], available: 4 });
  });

  it('takes all there is when partial and not covered', () => {
    expect(allocateAcrossLocations(stock({ S1: 4, S2: 1 }), 9, 'priority', true)).toEqual({
      covered: false,
      available: 5,
      takes: [{ locationId: 'S1', quantity: 4 }, { locationId: 'S2', quantity: 1 }],
    });
  });

  it('never takes more than a location can promise nor more than asked, and covers whenever the total does', () => {
    const candidates = fc.uniqueArray(fc.record({ locationId: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'), available: fc.integer({ min: -5, max: 20 }) }), {
      selector: (candidate) => candidate.locationId,
      maxLength: 6,
    });
    fc.assert(
      fc.property(candidates, fc.integer({ min: 1, max: 60 }), fc.constantFrom('most-available' as const, 'priority' as const), fc.boolean(), (locations, quantity, rule, partial) => {
        const allocation = allocateAcrossLocations(locations, quantity, rule, partial);
        const byLocation = new Map<string, number>(locations.map((location) => [location.locationId, location.available]));
        const taken = allocation.takes.reduce((sum, take) => sum + take.quantity, 0);
        for (const take of allocation.takes) {
          expect(take.quantity).toBeGreaterThan(0);
          expect(take.quantity).toBeLessThanOrEqual(byLocation.get(take.locationId)!);
        }
        expect(taken).toBeLessThanOrEqual(quantity);
        expect(allocation.covered).toBe(allocation.available >= quantity);
        expect(taken).toBe(allocation.covered ? quantity : partial ? allocation.available : 0);
      }),
    );
  });
});

describe('checkAllocationRequest', () => {
  const refusal = (request: Parameters<typeof checkAllocationRequest>[0]) => {
    try {
      checkAllocationRequest(request);
    } catch (error) {
      if (error instanceof ReservationError) return { code: error.code, field: error.field };
      throw error;
    }
    return undefined;
  };
  const request = { sku: 'TEA', quantity: 2, rule: 'most-available' as const, partial: false };

  it('names the field of each bad input', () => {
    expect(refusal({ ...request, quantity: 0 })).toEqual({ code: 'RESERVATION.INVALID_REQUEST', field: 'quantity' });
    expect(refusal({ ...request, quantity: -3 })).toEqual({ code: 'RESERVATION.INVALID_REQUEST', field: 'quantity' });
    expect(refusal({ ...request, quantity: 1.5 })).toEqual({ code: 'RESERVATION.INVALID_REQUEST', field: 'quantity' });
    expect(refusal({ ...request, locations: [] })).toEqual({ code: 'RESERVATION.INVALID_REQUEST', field: 'locations' });
    expect(refusal({ ...request, rule: 'priority' })).toEqual({ code: 'RESERVATION.INVALID_REQUEST', field: 'locations' });
    expect(refusal({ ...request, locations: ['S1', 'S2', 'S1'] })).toEqual({ code: 'RESERVATION.INVALID_REQUEST', field: 'locations[2]' });
  });

  it('accepts every location of the SKU, or a list in priority order', () => {
    expect(refusal(request)).toBeUndefined();
    expect(refusal({ ...request, rule: 'priority', locations: ['S2', 'S1'] })).toBeUndefined();
  });
});
