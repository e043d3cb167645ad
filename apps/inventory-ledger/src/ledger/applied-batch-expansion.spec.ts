import type { RecordedMovement } from './ledger-events';
import { withReserved } from './applied-batch-expansion';

function movement(movementId: string, sku: string): RecordedMovement {
  return {
    movementSeq: 1,
    movementId,
    kind: 'sale',
    sku,
    locationId: 'S1',
    quantityDelta: -1,
    costOfGoodsSold: 0n,
    balanceAfter: { onHand: 5, inTransit: 0, onOrder: 0, inventoryValue: 0n, averageUnitCost: 0n, version: 1 },
    occurredAt: '2026-12-01T09:00:00.000Z',
    appliedAt: '2026-12-01T09:00:01.000Z',
    cause: undefined,
  };
}

describe('withReserved', () => {
  const batch = [movement('m1', 'TEA'), movement('m2', 'TEA'), movement('m3', 'MUG'), movement('m4', 'TEA')];

  it("gives each movement its key's reserved after it: the batch's end figure plus what later movements took", () => {
    const reserved = withReserved(batch, { movementSeqRanges: [[1, 4]], reservedAfter: { 'TEA@S1': 1, 'MUG@S1': 4 }, takenBy: { m2: 3, m4: 2 } });
    expect(reserved.map((m) => [m.movementId, m.reserved])).toEqual([
      ['m1', 6],
      ['m2', 3],
      ['m3', 4],
      ['m4', 1],
    ]);
  });

  it('counts a key the write found no balance for as holding nothing, and leaves older records without figures', () => {
    expect(withReserved([movement('m1', 'NEW')], { movementSeqRanges: [[1, 1]], reservedAfter: {}, takenBy: {} })[0]!.reserved).toBe(0);
    expect(withReserved(batch, { movementSeqRanges: [[1, 4]] })).toBe(batch);
  });
});
