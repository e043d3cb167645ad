import type { StockChange } from './stock-change';
import { advancePositions, positionLevel, positionRiseCause, type StockPosition } from './stock-position';

const change = (balanceVersion: number, onHand: number, onOrder = 0, overrides: Partial<StockChange> = {}): StockChange => ({
  movementId: `m${balanceVersion}`,
  kind: 'sale',
  sku: 'COFFEE',
  locationId: 'S1',
  quantityDelta: -1,
  onHand,
  onOrder,
  inTransit: 0,
  balanceVersion,
  occurredAt: 0,
  ...overrides,
});

describe('stock position', () => {
  it('adds on order and, when it is inbound, stock in transit', () => {
    expect(positionLevel({ onHand: 10, onOrder: 24, inTransit: 6 }, true)).toBe(40);
    expect(positionLevel({ onHand: 10, onOrder: 24, inTransit: 6 }, false)).toBe(34);
  });

  it('takes the newest balance per key and ignores stale or repeated versions', () => {
    const known = new Map<string, StockPosition>([['COFFEE@S1', { sku: 'COFFEE', locationId: 'S1', onHand: 30, onOrder: 0, inTransit: 0, balanceVersion: 5 }]]);
    const advanced = advancePositions(known, [change(4, 31), change(5, 30), change(6, 29), change(8, 27), change(7, 28), change(1, 9, 0, { locationId: 'S2' })]);
    expect(advanced.get('COFFEE@S1')).toEqual({ before: known.get('COFFEE@S1'), after: expect.objectContaining({ onHand: 27, balanceVersion: 8 }) });
    expect(advanced.get('COFFEE@S2')?.before).toBeNull();
    expect(advancePositions(known, [change(5, 30)]).size).toBe(0);
  });

  it('says what raised the position', () => {
    const before = { sku: 'A', locationId: 'S1', onHand: 5, onOrder: 0, inTransit: 0, balanceVersion: 1 };
    expect(positionRiseCause(before, { ...before, onOrder: 24, balanceVersion: 2 })).toBe('order');
    expect(positionRiseCause(before, { ...before, onHand: 29, balanceVersion: 2 })).toBe('receipt');
    expect(positionRiseCause(before, { ...before, inTransit: 3, balanceVersion: 2 })).toBe('transfer');
    expect(positionRiseCause(before, { ...before, onHand: 4, balanceVersion: 2 })).toBeNull();
    expect(positionRiseCause(null, before)).toBeNull();
  });
});
