import { accuracyPercent, recordAccuracy } from './record-accuracy';

describe('recordAccuracy', () => {
  it('gives the share within tolerance per location and day, in order', () => {
    const rows = recordAccuracy([
      { locationId: 'S2', day: 10, withinTolerance: true },
      { locationId: 'S1', day: 11, withinTolerance: false },
      { locationId: 'S1', day: 10, withinTolerance: true },
      { locationId: 'S1', day: 10, withinTolerance: true },
      { locationId: 'S1', day: 10, withinTolerance: false },
    ]);
    expect(rows).toEqual([
      { locationId: 'S1', day: 10, counted: 3, accurate: 2, accuracyPercent: '66.67' },
      { locationId: 'S1', day: 11, counted: 1, accurate: 0, accuracyPercent: '0.00' },
      { locationId: 'S2', day: 10, counted: 1, accurate: 1, accuracyPercent: '100.00' },
    ]);
  });

  it('rounds half up to hundredths of a percent', () => {
    expect(accuracyPercent(1, 8)).toBe('12.50');
    expect(accuracyPercent(1, 3)).toBe('33.33');
    expect(accuracyPercent(0, 0)).toBe('0.00');
  });
});
