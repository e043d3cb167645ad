import fc from 'fast-check';
import { closeRefusalOf, dayAfter, postingDayIfMoved, postingDayNumberOf, postingDayOf, requireMethodChangeInOpenPeriod } from './closed-periods';
import { LedgerError } from './ledger-error';
import { adjustmentDeltasOf } from './adjustment-deltas';
import { valuationDeltasOf } from './valuation-deltas';
import type { LedgerEntry } from './ledger-entry';

const at = (iso: string) => Date.parse(iso);

describe('posting day', () => {
  it('is the business day while that day is open', () => {
    expect(postingDayOf(at('2026-10-02T23:59:59.999Z'), null)).toBe('2026-10-02');
    expect(postingDayOf(at('2026-10-02T00:00:00.000Z'), '2026-10-01')).toBe('2026-10-02');
    expect(postingDayIfMoved(at('2026-10-02T00:00:00.000Z'), '2026-10-01')).toBeNull();
  });

  it('is the first open day for a movement dated in a closed period, whatever the day', () => {
    expect(postingDayOf(at('2026-10-01T23:59:59.999Z'), '2026-10-01')).toBe('2026-10-02');
    expect(postingDayOf(at('2024-02-29T12:00:00.000Z'), '2026-10-31')).toBe('2026-11-01');
    expect(postingDayIfMoved(at('2026-10-31T08:00:00.000Z'), '2026-10-31')).toBe('2026-11-01');
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
  });

  it('never falls on a closed day nor before the business day, and agrees with its day number', () => {
    const day = 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 * day }), fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: null }), (occurredAt, closedNumber) => {
        const closedThrough = closedNumber === null ? null : new Date(closedNumber * day).toISOString().slice(0, 10);
        const posting = postingDayOf(occurredAt, closedThrough);
        const business = new Date(occurredAt).toISOString().slice(0, 10);
        expect(posting >= business).toBe(true);
        if (closedThrough !== null) expect(posting > closedThrough).toBe(true);
        expect(new Date(postingDayNumberOf(occurredAt, closedThrough) * day).toISOString().slice(0, 10)).toBe(posting);
        expect(postingDayIfMoved(occurredAt, closedThrough) ?? business).toBe(posting);
      }),
    );
  });

  it('moves the per-day figures of entries dated in a closed period, and only theirs', () => {
    const entry = (movementId: string, occurredAt: string, quantityDelta: number, valueDelta: bigint, costOfGoodsSold: bigint): LedgerEntry =>
      ({
        movement: { movementId, kind: 'adjustment', sku: 'A', locationId: 'S1', occurredAt: at(occurredAt), quantity: quantityDelta, reasonCode: 'lost' },
        outcome: { quantityDelta, inTransitDelta: 0, onOrderDelta: 0, valueDelta, inTransitValueDelta: 0n, costOfGoodsSold, balance: { onHand: 10, version: 2 } },
      }) as unknown as LedgerEntry;
    const entries = [entry('late', '2026-10-01T10:00:00.000Z', -1, -10_000n, 0n), entry('today', '2026-10-03T10:00:00.000Z', -2, -20_000n, 0n)];
    expect(adjustmentDeltasOf(entries, '2026-10-02').map((delta) => [delta.day, delta.quantity])).toEqual([['2026-10-03', -3]]);
    expect(adjustmentDeltasOf(entries).map((delta) => [delta.day, delta.quantity])).toEqual([['2026-10-01', -1], ['2026-10-03', -2]]);
    expect(valuationDeltasOf(entries, undefined, '2026-10-02').map((delta) => [delta.day, delta.onHand])).toEqual([['2026-10-03', -3]]);
  });
});

describe('closing the books', () => {
  it('closes through a past day after the closed-through day', () => {
    expect(closeRefusalOf('2026-10-31', null, '2026-12-07')).toBeNull();
    expect(closeRefusalOf('2026-11-30', '2026-10-31', '2026-12-07')).toBeNull();
    expect(closeRefusalOf('2026-12-06', '2026-11-30', '2026-12-07')).toBeNull();
  });

  it('refuses a day on or before the closed-through day, and a day not yet ended', () => {
    expect(closeRefusalOf('2026-10-31', '2026-10-31', '2026-12-07')?.code).toBe('LEDGER.PERIOD_ALREADY_CLOSED');
    expect(closeRefusalOf('2026-09-30', '2026-10-31', '2026-12-07')?.code).toBe('LEDGER.PERIOD_ALREADY_CLOSED');
    expect(closeRefusalOf('2026-12-07', null, '2026-12-07')?.code).toBe('LEDGER.PERIOD_NOT_ENDED');
    expect(closeRefusalOf('2027-01-01', '2026-10-31', '2026-12-07')?.code).toBe('LEDGER.PERIOD_NOT_ENDED');
  });
});

describe('a valuation method change', () => {
  it('is refused when dated on or before the closed-through day, naming both days', () => {
    expect(() => requireMethodChangeInOpenPeriod('TEA', at('2026-10-31T23:00:00.000Z'), '2026-10-31')).toThrow(LedgerError);
    expect(() => requireMethodChangeInOpenPeriod('TEA', at('2026-10-31T23:00:00.000Z'), '2026-10-31')).toThrow(/dated 2026-10-31.*closed through 2026-10-31/);
    expect(() => requireMethodChangeInOpenPeriod('TEA', at('2026-11-01T00:00:00.000Z'), '2026-10-31')).not.toThrow();
    expect(() => requireMethodChangeInOpenPeriod('TEA', at('2020-01-01T00:00:00.000Z'), null)).not.toThrow();
  });
});
