import { type DailyDemand, dailyDemandKey, demandEffect, foldDailyDemand } from './daily-demand';
import type { StockChange } from './stock-change';

let version = 0;
function change(kind: string, quantityDelta: number, onHand: number, occurredAt: string, overrides: Partial<StockChange> = {}): StockChange {
  version++;
  return {
    movementId: `m${version}`,
    kind,
    sku: 'COFFEE',
    locationId: 'S1',
    quantityDelta,
    onHand,
    onOrder: 0,
    inTransit: 0,
    balanceVersion: version,
    occurredAt: Date.parse(occurredAt),
    ...overrides,
  };
}

const byDay = (rows: DailyDemand[]) => new Map(rows.map((row) => [row.day, row]));

describe('daily demand bookkeeping', () => {
  beforeEach(() => (version = 0));

  it('counts sales minus returns, with voids undoing what they cancel', () => {
    expect(demandEffect('sale', -3)).toBe(3);
    expect(demandEffect('return', 1)).toBe(-1);
    expect(demandEffect('void', 3)).toBe(-3); // a voided sale
    expect(demandEffect('void', -1)).toBe(1); // a voided return
    expect(demandEffect('receipt', 50)).toBe(0);
    expect(demandEffect('adjustment', -2)).toBe(0);
    expect(demandEffect('transfer-out', -5)).toBe(0);
  });

  it('buckets by the business day of the movement and keeps the day statistics', () => {
    const rows = foldDailyDemand(
      new Map(),
      [
        change('receipt', 20, 20, '2025-03-01T08:00:00Z'),
        change('sale', -5, 15, '2025-03-01T09:00:00Z'),
        change('sale', -3, 12, '2025-03-01T10:00:00Z'),
        change('return', 1, 13, '2025-03-01T11:00:00Z'),
        change('void', 3, 16, '2025-03-01T12:00:00Z'),
        change('sale', -16, 0, '2025-03-02T09:00:00Z'),
      ],
      'UTC',
    );
    const days = byDay(rows);
    expect(days.get('2025-03-01')).toMatchObject({ demandUnits: 4, soldUnits: 8, returnedUnits: 1, voidedUnits: 3, minOnHand: 12, closingOnHand: 16, movements: 5 });
    expect(days.get('2025-03-02')).toMatchObject({ demandUnits: 16, soldUnits: 16, minOnHand: 0, closingOnHand: 0, movements: 1 });
  });

  it('uses the business time zone for the day boundary', () => {
    const rows = foldDailyDemand(new Map(), [change('sale', -2, 8, '2025-03-01T23:30:00Z')], 'Europe/Berlin');
    expect(rows.map((row) => row.day)).toEqual(['2025-03-02']);
  });

  it('adds a late event to the day it happened on, without taking over that day\'s closing stock', () => {
    const first = foldDailyDemand(
      new Map(),
      [change('sale', -2, 10, '2025-03-01T09:00:00Z'), change('sale', -1, 9, '2025-03-01T18:00:00Z'), change('sale', -4, 5, '2025-03-02T10:00:00Z')],
      'UTC',
    );
    const stored = new Map(first.map((row) => [dailyDemandKey(row.sku, row.locationId, row.day), row]));
    // A till that was offline sends a sale of 1 March on 2 March, after the 2 March sale was applied.
    const late = foldDailyDemand(stored, [change('sale', -3, 2, '2025-03-01T12:00:00Z')], 'UTC');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ day: '2025-03-01', demandUnits: 6, minOnHand: 2, closingOnHand: 9, movements: 3 });
  });

  it('folds several changes of one day in a batch into one row per day and item', () => {
    const rows = foldDailyDemand(
      new Map(),
      [change('sale', -1, 9, '2025-03-01T09:00:00Z'), change('sale', -1, 4, '2025-03-01T09:00:00Z', { locationId: 'S2' }), change('sale', -2, 7, '2025-03-01T10:00:00Z')],
      'UTC',
    );
    expect(rows.map((row) => [row.locationId, row.demandUnits, row.closingOnHand])).toEqual([
      ['S1', 3, 7],
      ['S2', 1, 4],
    ]);
  });
});
