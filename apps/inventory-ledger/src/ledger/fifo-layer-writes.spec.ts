import type { FifoLayer } from '@ledgerline/inventory-domain';
import type { LayerWrites, StoredKeyLayers } from '../persistence/fifo-layer-sql';
import { layerWritesOf } from './fifo-layer-writes';

const layer = (units: number, value: number, receivedAt: number): FifoLayer => ({ units, value: BigInt(value), receivedAt });

function stored(onHand: FifoLayer[], positions: number[]): StoredKeyLayers {
  return { layers: { onHand, inTransit: [] }, positions: { onHand: positions, inTransit: [] } };
}

function writesOf(before: StoredKeyLayers | undefined, after: FifoLayer[]): LayerWrites {
  const writes: LayerWrites = { written: [], removed: [] };
  layerWritesOf('SKU', 'L', before, { onHand: after, inTransit: [] }, writes);
  return writes;
}

const positionsWritten = (writes: LayerWrites) => writes.written.map((row) => [row.position, row.layer.units]);
const positionsRemoved = (writes: LayerWrites) => writes.removed.map((row) => row.position);

describe('layerWritesOf', () => {
  const a = layer(2, 20, 1);
  const b = layer(3, 60, 2);
  const c = layer(1, 5, 3);

  it('writes nothing for layers left as they were', () => {
    const writes = writesOf(stored([a, b], [4, 5]), [a, b]);
    expect(writes).toEqual({ written: [], removed: [] });
  });

  it('deletes the layers consumed whole and overwrites the one taken in part in its own row', () => {
    const writes = writesOf(stored([a, b, c], [4, 5, 6]), [layer(1, 20, 2), c]);
    expect(positionsRemoved(writes)).toEqual([4]);
    expect(positionsWritten(writes)).toEqual([[5, 1]]);
  });

  it('appends opened layers behind the newest position and overwrites a merged newest layer in place', () => {
    expect(positionsWritten(writesOf(stored([a], [7]), [a, b, c]))).toEqual([[8, 3], [9, 1]]);
    const merged = writesOf(stored([a, b], [7, 8]), [a, layer(6, 120, 2)]);
    expect(positionsWritten(merged)).toEqual([[8, 6]]);
    expect(positionsRemoved(merged)).toEqual([]);
  });

  it('starts a key without layers at position 0 and removes every row when all are consumed', () => {
    expect(positionsWritten(writesOf(undefined, [a, b]))).toEqual([[0, 2], [1, 3]]);
    expect(positionsRemoved(writesOf(stored([a, b], [3, 4]), []))).toEqual([3, 4]);
  });

  it('writes a pool again behind its old positions when a layer is cut between two it keeps', () => {
    const writes = writesOf(stored([a, b, c], [0, 1, 2]), [a, layer(1, 25, 2), layer(2, 40, 2), c]);
    expect(positionsWritten(writes)).toEqual([[3, 2], [4, 1], [5, 2], [6, 1]]);
    expect(positionsRemoved(writes)).toEqual([0, 1, 2]);
  });
});
