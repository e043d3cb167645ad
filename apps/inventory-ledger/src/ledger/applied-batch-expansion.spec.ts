import type { RecordedMovement } from './ledger-events';
import { assignReserved } from './applied-batch-expansion';

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
    reserved: undefined,
    transfer: undefined,
  };
}

describe('assignReserved', () => {
  const batchOf = () => [movement('m1', 'TEA'), movement('m2', 'TEA'), movement('m3', 'MUG'), movement('m4', 'TEA')];

  it("gives each movement its key's reserved after it: the batch's end figure plus what later movements took", () => {
    const batch = batchOf();
    assignReserved(batch, { movementSeqRanges: [[1, 4]], reservedAfter: { 'TEA@S1': 1, 'MUG@S1': 4 }, takenBy: { m2: 3, m4: 2 } });
    expect(batch.map((m) => [m.movementId, m.reserved])).toEqual([
      ['m1', 6],
      ['m2', 3],
      ['m3', 4],
      ['m4', 1],
    ]);
  });

  it('counts a key the record does not name as holding nothing, and leaves older records without figures', () => {
    const batch = batchOf();
    assignReserved(batch, { movementSeqRanges: [[1, 4]], reservedAfter: { 'MUG@S1': 2 }, takenBy: {} });
    expect(batch.map((m) => m.reserved)).toEqual([0, 0, 2, 0]);
    const none = batchOf();
    assignReserved(none, { movementSeqRanges: [[1, 4]], reservedAfter: {}, takenBy: {} });
    expect(none.map((m) => m.reserved)).toEqual([0, 0, 0, 0]);
    const older = batchOf();
    assignReserved(older, { movementSeqRanges: [[1, 4]] });
    expect(older.map((m) => m.reserved)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
