// First in, first out layers over a pool of units (on hand, or in transit), including what happens
// when the pool is empty or negative (docs/valuation.md, "FIFO layers"). All amounts are bigint
// ten-thousandths, as in valuation-pool.ts, whose negative-stock rule this one shares.
//
// THE RULES
// 1. Units above zero are held in layers, oldest first (in the order they arrived at this pool).
//    A layer is units left and their exact value left; the pool's value is the sum of its layers.
//    Units arriving at a known total open a layer at the end, merged into the newest one when
//    both have exactly the same unit cost (value x units compared crosswise, no rounding).
// 2. Taking units out consumes the oldest layers first. A layer taken whole gives its exact
//    value left; a layer taken in part (k of n units) gives value left x k / n, one half-even
//    rounding, and keeps the residue, so a layer's parts add up to its total.
// 3. The last cost is the unit cost (value / units, half to even) of the newest layer, and of
//    the newest one there was once none is open. At or below zero the pool has no layers and its
//    value is units x last cost EXACTLY; units taken beyond the layers are costed at it.
// 4. Units arriving at a known total into a pool at or below zero first fill the hole: as in
//    valuation-pool.ts (rule 3), the units left over open a layer with their share of the total,
//    total x left over / arrived (one rounding), and the rest is the true-up of the estimate.
// 5. A correction of some units still held (a landed cost, a late shipment's exact value) is
//    split over exactly those units: a layer holding them and others is first split at their
//    edges (rule 2: the front part takes value x k / n, the rest keeps the residue), then each
//    part holding them takes its share, the running total rounded once per part, so the parts
//    add up to the amount. A lowering correction takes no part below zero: what the part cannot
//    absorb is returned for cost of goods sold.
import { Money, ZERO_MONEY, divideRounded, mulDiv, multiplyByQuantity } from '@ledgerline/money';
import { CarriedLayer } from './movement';

export interface FifoLayer {
  /** Business time (ms epoch) its units were received into the ledger; a merged layer keeps its oldest. */
  readonly receivedAt: number;
  /** Units left, always above zero. */
  readonly units: number;
  /** Value of the units left, in ten-thousandths. */
  readonly value: Money;
}

export interface FifoPool {
  /** Open layers, oldest first; none while units <= 0. */
  readonly layers: readonly FifoLayer[];
  readonly units: number;
  /** The sum of the layers' values; units x lastCost while units <= 0. */
  readonly value: Money;
  /** Rule 3: what units taken beyond the layers, and units returned, are costed at. */
  readonly lastCost: Money;
}

export interface LayerAddition {
  readonly pool: FifoPool;
  /** Value put into the pool: the total added, unless the pool was below zero. */
  readonly addedValue: Money;
  /** total - addedValue: the correction of estimates for units that had already left (rule 4). */
  readonly trueUp: Money;
}

export interface LayerRemoval {
  readonly pool: FifoPool;
  readonly removedValue: Money;
  /** What was taken, oldest first, one element per layer touched (and one for units beyond the layers); their totals add up to removedValue. */
  readonly taken: readonly CarriedLayer[];
}

/** A run of units still held, by position counted from the oldest unit held (0), and how many. */
export interface HeldUnits {
  readonly from: number;
  readonly units: number;
}

export interface LayerCorrection {
  readonly pool: FifoPool;
  /** What the layers took of the amount; amount - absorbed is the caller's cost of goods sold. */
  readonly absorbed: Money;
}

/** A pool from its layers (units above zero) or, with none, from units at or below zero at the last cost. */
export function fifoPool(layers: readonly FifoLayer[], units: number, lastCost: Money): FifoPool {
  if (layers.length === 0) {
    if (units > 0) throw new Error(`a FIFO pool of ${units} units needs layers holding them`);
    return { layers, units, value: multiplyByQuantity(lastCost, units), lastCost };
  }
  let held = 0;
  let value = ZERO_MONEY;
  for (const layer of layers) {
    if (!(layer.units > 0)) throw new Error(`a FIFO layer holds ${layer.units} units: a layer holds at least one`);
    held += layer.units;
    value += layer.value;
  }
  if (held !== units) throw new Error(`FIFO layers hold ${held} units, the pool ${units}`);
  return { layers, units, value, lastCost: unitCostOf(layers[layers.length - 1] as FifoLayer) };
}

/** The unit cost of a layer, half to even to a ten-thousandth: for display and rule 3. */
export function unitCostOf(layer: FifoLayer): Money {
  return divideRounded(layer.value, layer.units);
}

/** Adds `quantity` units costing `totalCost` altogether, received at `receivedAt` (rules 1 and 4). */
export function addLayer(pool: FifoPool, quantity: number, totalCost: Money, receivedAt: number): LayerAddition {
  if (pool.units >= 0) {
    const layers = appendMerging(pool.layers, { receivedAt, units: quantity, value: totalCost });
    return { pool: fifoPool(layers, pool.units + quantity, pool.lastCost), addedValue: totalCost, trueUp: ZERO_MONEY };
  }
  const units = pool.units + quantity;
  const next =
    units > 0
      ? fifoPool([{ receivedAt, units, value: mulDiv(totalCost, units, quantity) }], units, pool.lastCost)
      : fifoPool([], units, divideRounded(totalCost, quantity));
  const addedValue = next.value - pool.value;
  return { pool: next, addedValue, trueUp: totalCost - addedValue };
}

/** Adds `quantity` units at the last cost (returns, voided sales, found stock): no true-up, as in valuation-pool.ts rule 2. */
export function addAtLastCost(pool: FifoPool, quantity: number, receivedAt: number): LayerAddition {
  return addLayer(pool, quantity, multiplyByQuantity(pool.lastCost, quantity), receivedAt);
}

/** Takes `quantity` units out oldest first (rules 2 and 3); units beyond the layers are dated `takenAt`. */
export function takeOldestFirst(pool: FifoPool, quantity: number, takenAt: number): LayerRemoval {
  const layers = [...pool.layers];
  const taken: CarriedLayer[] = [];
  let left = quantity;
  while (left > 0 && layers.length > 0) {
    const oldest = layers[0] as FifoLayer;
    if (oldest.units <= left) {
      taken.push({ units: oldest.units, totalCost: oldest.value, receivedAt: oldest.receivedAt });
      layers.shift();
      left -= oldest.units;
    } else {
      const value = mulDiv(oldest.value, left, oldest.units);
      taken.push({ units: left, totalCost: value, receivedAt: oldest.receivedAt });
      layers[0] = { receivedAt: oldest.receivedAt, units: oldest.units - left, value: oldest.value - value };
      left = 0;
    }
  }
  if (left > 0) taken.push({ units: left, totalCost: multiplyByQuantity(pool.lastCost, left), receivedAt: takenAt });
  let removedValue = ZERO_MONEY;
  for (const element of taken) removedValue += element.totalCost;
  return { pool: fifoPool(layers, pool.units - quantity, pool.lastCost), removedValue, taken };
}

/**
 * Spreads `amount` over the units held at `runs` (rule 5). The runs must not overlap and must lie
 * within the units held. Returns the pool unchanged when there is nothing to spread.
 */
export function correctHeldUnits(pool: FifoPool, runs: readonly HeldUnits[], amount: Money): LayerCorrection {
  const ordered = runs.filter((run) => run.units > 0).sort((a, b) => a.from - b.from);
  let total = 0;
  for (const run of ordered) {
    if (run.from < 0 || run.from + run.units > pool.units) throw new Error(`units ${run.from}..${run.from + run.units - 1} are not all held by a pool of ${pool.units}`);
    total += run.units;
  }
  if (total === 0 || amount === ZERO_MONEY) return { pool, absorbed: ZERO_MONEY };
  const edges = ordered.flatMap((run) => [run.from, run.from + run.units]);
  const parts = splitAt(pool.layers, edges);
  const corrected: FifoLayer[] = [];
  let position = 0;
  let runIndex = 0;
  let unitsSoFar = 0;
  let shareSoFar = ZERO_MONEY;
  let absorbed = ZERO_MONEY;
  for (const part of parts) {
    while (runIndex < ordered.length && position >= (ordered[runIndex] as HeldUnits).from + (ordered[runIndex] as HeldUnits).units) runIndex += 1;
    const run = ordered[runIndex];
    if (run === undefined || position < run.from) {
      corrected.push(part);
    } else {
      unitsSoFar += part.units;
      const share = mulDiv(amount, unitsSoFar, total) - shareSoFar;
      shareSoFar += share;
      const value = part.value + share < ZERO_MONEY ? ZERO_MONEY : part.value + share;
      absorbed += value - part.value;
      corrected.push({ ...part, value });
    }
    position += part.units;
  }
  return { pool: fifoPool(corrected, pool.units, pool.lastCost), absorbed };
}

/** The layers, with a layer cut wherever an edge (a position from the oldest unit) falls inside it. */
function splitAt(layers: readonly FifoLayer[], edges: readonly number[]): FifoLayer[] {
  const parts: FifoLayer[] = [];
  let start = 0;
  for (const layer of layers) {
    let rest = layer;
    let restStart = start;
    for (const edge of edges) {
      if (edge <= restStart || edge >= restStart + rest.units) continue;
      const front = edge - restStart;
      const value = mulDiv(rest.value, front, rest.units);
      parts.push({ receivedAt: rest.receivedAt, units: front, value });
      rest = { receivedAt: rest.receivedAt, units: rest.units - front, value: rest.value - value };
      restStart = edge;
    }
    parts.push(rest);
    start += layer.units;
  }
  return parts;
}

function appendMerging(layers: readonly FifoLayer[], layer: FifoLayer): FifoLayer[] {
  const newest = layers[layers.length - 1];
  if (newest !== undefined && newest.value * BigInt(layer.units) === layer.value * BigInt(newest.units)) {
    return [...layers.slice(0, -1), { receivedAt: newest.receivedAt, units: newest.units + layer.units, value: newest.value + layer.value }];
  }
  return [...layers, layer];
}
