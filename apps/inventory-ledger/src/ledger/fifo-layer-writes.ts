// What a batch writes of a FIFO key's layers: only the rows its movements consumed, changed or
// opened. Layers are taken from the front of a pool and opened at its back, so a batch mostly
// deletes some oldest rows, overwrites the one it took part of in place and appends new ones;
// every layer it left as it was keeps its row untouched. A layer cut in the middle (a landed cost
// on part of a merged layer) has no free position between its neighbours: then the pool's layers
// are written again at new positions behind the old ones.
import type { FifoLayer, KeyLayers } from '@ledgerline/inventory-domain';
import type { LayerPool, LayerRowRemoval, LayerRowWrite, LayerWrites, StoredKeyLayers } from '../persistence/fifo-layer-sql';

export function layerWritesOf(sku: string, locationId: string, stored: StoredKeyLayers | undefined, after: KeyLayers, writes: LayerWrites): void {
  poolWrites(sku, locationId, 'on-hand', stored?.layers.onHand ?? [], stored?.positions.onHand ?? [], after.onHand, writes);
  poolWrites(sku, locationId, 'in-transit', stored?.layers.inTransit ?? [], stored?.positions.inTransit ?? [], after.inTransit, writes);
}

function poolWrites(
  sku: string,
  locationId: string,
  pool: LayerPool,
  before: readonly FifoLayer[],
  positions: readonly number[],
  after: readonly FifoLayer[],
  writes: LayerWrites,
): void {
  const kept = keptPositions(before, positions, after);
  const inPlace = assignPositions(positions, kept);
  const assigned = inPlace ?? renumbered(positions, after.length);
  const used = new Set<number>();
  for (const [index, layer] of after.entries()) {
    const position = assigned[index]!;
    used.add(position);
    if (inPlace === null || kept[index] === undefined) writes.written.push({ sku, locationId, pool, position, layer } satisfies LayerRowWrite);
  }
  for (const position of positions) {
    if (!used.has(position)) writes.removed.push({ sku, locationId, pool, position } satisfies LayerRowRemoval);
  }
}

/**
 * For each layer after the batch, the position of the layer read it still is (the same layer,
 * untouched), matched in order; undefined for a layer opened or changed.
 */
function keptPositions(before: readonly FifoLayer[], positions: readonly number[], after: readonly FifoLayer[]): Array<number | undefined> {
  const kept: Array<number | undefined> = [];
  let next = 0;
  for (const layer of after) {
    let found = -1;
    for (let index = next; index < before.length; index += 1) {
      if (sameLayer(before[index]!, layer)) {
        found = index;
        break;
      }
    }
    if (found < 0) kept.push(undefined);
    else {
      kept.push(positions[found]);
      next = found + 1;
    }
  }
  return kept;
}

function sameLayer(a: FifoLayer, b: FifoLayer): boolean {
  return a === b || (a.units === b.units && a.value === b.value && a.receivedAt === b.receivedAt);
}

/**
 * Positions for every layer after the batch, in rising order: a kept layer its own; a run of
 * changed or opened layers the freed positions between its kept neighbours (the nearest to the
 * one behind it), and beyond the last one read, new ones. Null when a run finds too few.
 */
function assignPositions(positions: readonly number[], kept: ReadonlyArray<number | undefined>): number[] | null {
  const keptSet = new Set(kept.filter((position): position is number => position !== undefined));
  const freed = positions.filter((position) => !keptSet.has(position));
  let fresh = positions.length === 0 ? 0 : positions[positions.length - 1]! + 1;
  const assigned: number[] = [];
  let index = 0;
  while (index < kept.length) {
    if (kept[index] !== undefined) {
      assigned.push(kept[index]!);
      index += 1;
      continue;
    }
    let end = index;
    while (end < kept.length && kept[end] === undefined) end += 1;
    const low = index === 0 ? -Infinity : assigned[index - 1]!;
    const high = end === kept.length ? Infinity : kept[end]!;
    const between = freed.filter((position) => position > low && position < high);
    const run = end - index;
    if (between.length >= run) assigned.push(...between.slice(between.length - run));
    else if (high === Infinity) {
      assigned.push(...between);
      for (let count = between.length; count < run; count += 1) assigned.push(fresh++);
    } else return null;
    index = end;
  }
  return assigned;
}

function renumbered(positions: readonly number[], count: number): number[] {
  const first = positions.length === 0 ? 0 : positions[positions.length - 1]! + 1;
  return Array.from({ length: count }, (_, offset) => first + offset);
}
