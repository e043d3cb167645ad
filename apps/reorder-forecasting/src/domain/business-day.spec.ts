import { addDays, dayOf, daysBetween, isDay } from './business-day';

describe('business days', () => {
  it('puts an instant on the calendar day of the business time zone', () => {
    const lateEveningInBerlin = Date.parse('2025-03-01T23:30:00+01:00');
    expect(dayOf(lateEveningInBerlin, 'Europe/Berlin')).toBe('2025-03-01');
    expect(dayOf(lateEveningInBerlin, 'UTC')).toBe('2025-03-01');
    const justAfterMidnightInBerlin = Date.parse('2025-03-02T00:15:00+01:00');
    expect(dayOf(justAfterMidnightInBerlin, 'Europe/Berlin')).toBe('2025-03-02');
    expect(dayOf(justAfterMidnightInBerlin, 'UTC')).toBe('2025-03-01');
  });

  it('does calendar arithmetic across month, year and daylight-saving boundaries', () => {
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-31', -31)).toBe('2025-02-28');
    expect(daysBetween('2025-03-29', '2025-04-01')).toBe(3);
    expect(daysBetween('2025-04-01', '2025-03-29')).toBe(-3);
  });

  it('recognises day strings', () => {
    expect(isDay('2025-03-01')).toBe(true);
    expect(isDay('2025-3-1')).toBe(false);
    expect(isDay('2025-13-01')).toBe(false);
  });
});
