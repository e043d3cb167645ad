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
  occurredAt: new Date(Date.UTC(2026, 10, 24, 9)).toISOString(),
  appliedAt: '2026-11-24T10:00:00.000Z',
  cause: undefined,
  reserved: undefined,
  transfer: undefined,
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

  it('drops the oldest only above twice its capacity', () => {
    const recent = new RecentlyRecordedMovements(() => true, { capacity: 2 });
    recent.remember([1, 2].map(movement));
    recent.remember([3, 4, 5].map(movement));
    expect(recent.size).toBe(4);
    expect(recent.take([[1, 2]])).toBeUndefined();
    expect(recent.take([[3, 5]])?.map((m) => m.movementSeq)).toEqual([3, 4, 5]);
  });

  it('lets a batch in at once while it fits, and a batch of any size into an empty store', async () => {
    const recent = new RecentlyRecordedMovements(() => true, { capacity: 3, maxWaitMs: 60_000 });
    await recent.makeRoomFor(10);
    recent.remember([1, 2].map(movement));
    await recent.makeRoomFor(1);
  });

  it('holds a batch back until the relay takes enough', async () => {
    const recent = new RecentlyRecordedMovements(() => true, { capacity: 3, maxWaitMs: 60_000 });
    recent.remember([1, 2, 3].map(movement));
    let admitted = false;
    const waiting = recent.makeRoomFor(2).then(() => (admitted = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(admitted).toBe(false);
    recent.take([[1, 1]]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(admitted).toBe(false);
    recent.take([[2, 2]]);
    await waiting;
    expect(recent.size).toBe(1);
  });

  it('stops holding a batch back when the relay stalls past the longest wait', async () => {
    const recent = new RecentlyRecordedMovements(() => true, { capacity: 1, maxWaitMs: 50 });
    recent.remember([1].map(movement));
    const started = Date.now();
    await recent.makeRoomFor(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('stops holding a batch back when this instance no longer relays', async () => {
    let leading = true;
    const recent = new RecentlyRecordedMovements(() => leading, { capacity: 1, maxWaitMs: 60_000 });
    recent.remember([1].map(movement));
    const waiting = recent.makeRoomFor(1);
    leading = false;
    await waiting;
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
