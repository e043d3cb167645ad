import { countListId, dayFromIsoDate, isoDateOf } from './count-days';
import { CountingError } from './count-errors';

describe('count days', () => {
  it('reads an ISO date as a day number and back', () => {
    const day = dayFromIsoDate('2026-12-06', 'day');
    expect(day).toBe(Date.UTC(2026, 11, 6) / 86_400_000);
    expect(isoDateOf(day)).toBe('2026-12-06');
  });

  it('refuses what is not a real date, naming the field', () => {
    for (const text of ['2026-02-30', '2026-12-6', 'today', '']) {
      expect(() => dayFromIsoDate(text, 'from')).toThrow(CountingError);
    }
    expect(() => dayFromIsoDate('x', 'from')).toThrow(/^from must be a date/);
  });

  it('names a list by day and location, within an identifier, the same each time', () => {
    const day = dayFromIsoDate('2026-12-06', 'day');
    expect(countListId('S001', day)).toBe('cc-20261206-S001');
    const long = countListId('L'.repeat(64), day);
    expect(long).toHaveLength(44);
    expect(countListId('L'.repeat(64), day)).toBe(long);
    expect(countListId('M'.repeat(64), day)).not.toBe(long);
  });
});
