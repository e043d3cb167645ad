import { appliedBatchEvents, appliedBatchRow, toRanges, type RecordedMovement } from './ledger-events';

function recorded(movementId: string, sku: string, locationId: string, version: number, onHand: number): RecordedMovement {
  return {
    movementSeq: version,
    movementId,
    kind: 'sale',
    sku,
    locationId,
    quantityDelta: -1,
    costOfGoodsSold: 25_000n,
    balanceAfter: { onHand, inTransit: 0, onOrder: 4, inventoryValue: BigInt(onHand) * 25_000n, averageUnitCost: 25_000n, version },
    occurredAt: Date.UTC(2026, 10, 24, 9, 30),
    appliedAt: '2026-11-24T09:30:01.250Z',
    cause: { eventId: `event-${movementId}`, correlationId: 'basket-1' },
  };
}

describe('toRanges', () => {
  it('folds consecutive movement numbers into inclusive ranges', () => {
    expect(toRanges([1, 2, 3, 7, 8, 10])).toEqual([
      [1, 3],
      [7, 8],
      [10, 10],
    ]);
    expect(toRanges([])).toEqual([]);
  });
});

describe('appliedBatchRow', () => {
  it('names the batch by its first movement number and records the ranges', () => {
    expect(appliedBatchRow([41, 42, 44])).toEqual({
      eventId: 'applied-batch:41',
      topic: 'ledger.applied-batch',
      key: '',
      payload: { movementSeqRanges: [[41, 42], [44, 44]] },
      movementId: null,
    });
  });
});

describe('appliedBatchEvents', () => {
  const batch = [recorded('m1', 'TEA', 'S1', 7, 9), recorded('m2', 'COFFEE', 'S1', 3, 2), recorded('m3', 'TEA', 'S1', 8, 8)];

  it('emits one stock-changed event per movement in recorded order, then the last balance of each key', () => {
    const events = appliedBatchEvents(batch);
    expect(events.map((event) => `${event.topic} ${event.eventId}`)).toEqual([
      'inventory.stock-changed.v1 stock-changed:m1',
      'inventory.stock-changed.v1 stock-changed:m2',
      'inventory.stock-changed.v1 stock-changed:m3',
      'inventory.stock-levels.v1 stock-level:TEA@S1:8',
      'inventory.stock-levels.v1 stock-level:COFFEE@S1:3',
    ]);
  });

  it('states the balance after the movement, its cause and the apply time', () => {
    const [changed, , , level] = appliedBatchEvents(batch);
    expect(changed).toMatchObject({
      key: 'TEA@S1',
      movementId: 'm1',
      payload: {
        eventId: 'stock-changed:m1',
        correlationId: 'basket-1',
        causationId: 'event-m1',
        occurredAt: '2026-11-24T09:30:00.000Z',
        payload: {
          movementId: 'm1',
          quantityDelta: -1,
          onHand: 9,
          onOrder: 4,
          inventoryValue: '22.5000',
          averageUnitCost: '2.5000',
          balanceVersion: 7,
          costOfGoodsSold: '2.5000',
          appliedAt: '2026-11-24T09:30:01.250Z',
        },
      },
    });
    expect(level).toMatchObject({
      key: 'TEA@S1',
      payload: { payload: { onHand: 8, balanceVersion: 8, lastMovementId: 'm3', updatedAt: '2026-11-24T09:30:01.250Z' } },
    });
  });

  it('builds the same events every time, so a re-publish is de-duplicated by eventId', () => {
    expect(JSON.stringify(appliedBatchEvents(batch))).toBe(JSON.stringify(appliedBatchEvents(batch)));
  });
});
