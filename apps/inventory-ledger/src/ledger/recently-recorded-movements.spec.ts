import type { RecordedMovement } from './ledger-events';
import { RecentlyRecordedMovements } from './recently-recorded-movements';

const movement = (movementSeq: number): RecordedMovement => ({
  movementSeq,
  movementId: `m-${movementSeq}`,
  kind: 'sale',
  sku: 'TEA',
  locationId: 'S1',
  quantityDelta: -1,
  costOfGoodsSold: 25_000n,
  balanceAfter: { onHand: 10, inTransit: 0, onOrder: 0, inventoryValue: 250_000n, averageUnitCost: 25_000n, version: movementSeq },
  occurredAt: Date.UTC(2026, 10, 24, 9),
  appliedAt: '2026-11-24T10:00:00.000Z',
  cause: undefined,
});

describe('RecentlyRecordedMovements', () => {
  it('gives back a batch in movement number order and then forgets it', () => {
    const recent = new RecentlyRecordedMovements();
    recent.remember([1, 2, 3, 7].map(movement));
    expect(recent.take([[1, 3], [7, 7]])?.map((m) => m.movementSeq)).toEqual([1, 2, 3, 7]);
    expect(recent.size).toBe(0);
    expect(recent.take([[1, 1]])).toBeUndefined();
  });

  it('answers nothing for a batch it holds only part of, so the relay reads it whole', () => {
    const recent = new RecentlyRecordedMovements();
    recent.remember([1, 2].map(movement));
    expect(recent.take([[1, 3]])).toBeUndefined();
    expect(recent.size).toBe(0);
  });

  it('keeps at most its capacity, dropping the oldest', () => {
    const recent = new RecentlyRecordedMovements(() => true, 3);
    recent.remember([1, 2].map(movement));
    recent.remember([3, 4, 5].map(movement));
    expect(recent.size).toBe(3);
    expect(recent.take([[1, 2]])).toBeUndefined();
    expect(recent.take([[3, 5]])?.map((m) => m.movementSeq)).toEqual([3, 4, 5]);
  });

  it('keeps nothing while nobody here will take them (the relay leads elsewhere)', () => {
    let leading = false;
    const recent = new RecentlyRecordedMovements(() => leading);
    recent.remember([1, 2].map(movement));
    expect(recent.size).toBe(0);
    leading = true;
    recent.remember([3].map(movement));
    expect(recent.take([[3, 3]])?.map((m) => m.movementSeq)).toEqual([3]);
  });
});
