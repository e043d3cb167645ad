import { LookupInputError, beforeVersion, choice, isoDate, pageNumber, searchText, stockKey } from './lookup-input';

function refusal(check: () => unknown): { field: string; reason: string; status: number } {
  try {
    check();
  } catch (error) {
    if (error instanceof LookupInputError) return { field: error.field, reason: error.reason, status: error.getStatus() };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('lookup input', () => {
  it('takes search text trimmed, and refuses nothing, control characters, text longer than any code and text without a letter or digit', () => {
    expect(searchText('  tea ')).toBe('tea');
    expect(refusal(() => searchText(undefined))).toMatchObject({ field: 'q', status: 400 });
    expect(refusal(() => searchText('   ')).reason).toMatch(/empty/);
    expect(refusal(() => searchText('te\u0000a')).reason).toMatch(/control characters/);
    expect(refusal(() => searchText('\u001b[2J')).reason).toMatch(/control characters/);
    expect(refusal(() => searchText('x'.repeat(10_000))).reason).toMatch(/at most 64 characters/);
    expect(refusal(() => searchText('%%')).reason).toMatch(/letter or digit/);
  });

  it('checks SKU and location as the contracts define them', () => {
    expect(stockKey('TEA-100', 'S001')).toEqual({ sku: 'TEA-100', locationId: 'S001' });
    expect(refusal(() => stockKey('TEA@1', 'S001'))).toMatchObject({ field: 'sku' });
    expect(refusal(() => stockKey('TEA', ' S1'))).toMatchObject({ field: 'location' });
  });

  it('checks pages, sorts and versions', () => {
    expect(pageNumber(undefined, 10)).toBe(1);
    expect(pageNumber('3', 10)).toBe(3);
    expect(refusal(() => pageNumber('0', 10)).field).toBe('page');
    expect(refusal(() => pageNumber('11', 10)).field).toBe('page');
    expect(refusal(() => pageNumber('1.5', 10)).field).toBe('page');
    expect(choice('desc', 'direction', ['asc', 'desc'], 'asc')).toBe('desc');
    expect(refusal(() => choice('sideways', 'direction', ['asc', 'desc'], 'asc')).reason).toBe('must be one of asc, desc');
    expect(beforeVersion('12')).toBe(12);
    expect(beforeVersion(undefined)).toBeUndefined();
    expect(refusal(() => beforeVersion('-1')).field).toBe('before');
  });

  it('takes a day as an ISO date, today (UTC) when not given, and refuses anything else', () => {
    const now = new Date('2026-12-07T23:30:00Z');
    expect(isoDate(undefined, 'day', now)).toBe('2026-12-07');
    expect(isoDate('2026-02-28', 'day', now)).toBe('2026-02-28');
    expect(refusal(() => isoDate('2026-02-30', 'day', now))).toMatchObject({ field: 'day', status: 400 });
    expect(refusal(() => isoDate('today', 'day', now)).reason).toMatch(/date such as/);
    expect(refusal(() => isoDate(['2026-12-07'], 'day', now)).field).toBe('day');
  });
});
