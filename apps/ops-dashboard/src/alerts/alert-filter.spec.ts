import { readFileSync } from 'node:fs';
import path from 'node:path';
import { alertTypes } from '@ledgerline/contracts';
import { LookupInputError } from '../lookup/lookup-input';
import { alertCursor, alertFilter, encodeAlertCursor } from './alert-filter';

describe('alert filter', () => {
  it('takes no filter at all, or every one of them', () => {
    expect(alertFilter({})).toEqual({ type: undefined, locationId: undefined, from: undefined, to: undefined });
    expect(alertFilter({ type: 'stockout', location: 'S1', from: '2026-03-02T10:00:00Z', to: '2026-03-02T11:00:00Z' })).toEqual({
      type: 'stockout',
      locationId: 'S1',
      from: new Date('2026-03-02T10:00:00Z'),
      to: new Date('2026-03-02T11:00:00Z'),
    });
  });

  it.each([
    [{ type: 'fire' }, 'type'],
    [{ location: 'L'.repeat(10_000) }, 'location'],
    [{ from: 'x'.repeat(10_000) }, 'from'],
    [{ from: '2026-03-02T11:00:00Z', to: '2026-03-02T11:00:00Z' }, 'to'],
  ])('refuses %o naming %s', (query, field) => {
    expect(() => alertFilter(query)).toThrow(LookupInputError);
    try {
      alertFilter(query);
    } catch (error) {
      expect((error as LookupInputError).field).toBe(field);
    }
  });

  it('reads back the cursor it wrote, and refuses anything else', () => {
    const cursor = { raisedAt: '2026-03-02T10:00:00.000Z', alertId: 'stockout:pos:S1:T-1:1' };
    expect(alertCursor(encodeAlertCursor(cursor))).toEqual(cursor);
    expect(alertCursor(undefined)).toBeUndefined();
    expect(() => alertCursor('not-a-cursor')).toThrow(LookupInputError);
    expect(() => alertCursor(Buffer.from('["yesterday","x"]').toString('base64url'))).toThrow(LookupInputError);
  });

  it('offers every alert type of the contract on the alerts page, and no other', () => {
    const page = readFileSync(path.join(__dirname, '../public/alerts.html'), 'utf8');
    const select = /<select id="filter-type"[^>]*>([\s\S]*?)<\/select>/.exec(page)?.[1] ?? '';
    const offered = [...select.matchAll(/<option value="([^"]*)"/g)].map((match) => match[1]).filter((value) => value !== '');
    expect(offered.sort()).toEqual([...alertTypes].sort());
  });
});
