// How a correction (a landed cost's share, a late shipment's true-up) is spread over the FIFO
// units it is for (correctHeldUnits), on generated pools of many small layers at odd values and
// amounts to the ten-thousandth that rarely divide evenly:
// - over runs that end on layer boundaries, each layer the runs hold takes the running share: the
//   amount x units held so far / units held, one half-even rounding, less what the layers before
//   took (computed here from that sentence of docs/valuation.md), so the parts add up to the amount
//   and how the held units are grouped into runs changes nothing;
// - over runs anywhere (layers cut at their edges), a raising amount is absorbed whole, a lowering
//   one takes no layer below zero, and the pool's value changes by exactly what was absorbed.
// A spread that rounded each part on its own instead of the running total is caught in a few cases.
import fc from 'fast-check';
import { ZERO_MONEY } from '@ledgerline/money';
import { FifoLayer, HeldUnits, correctHeldUnits, fifoPool } from './index';

const RUNS = Number(process.env['FIFO_PROPERTY_RUNS'] ?? 300);

/** numerator / denominator (both > 0), half to even. */
function halfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twice = (numerator % denominator) * 2n;
  return twice > denominator || (twice === denominator && quotient % 2n === 1n) ? quotient + 1n : quotient;
}

const layerArbitrary = fc.record({
  units: fc.integer({ min: 1, max: 9 }),
  // Odd values: a unit cost with four decimals times the units, give or take a ten-thousandth.
  value: fc.bigInt({ min: 1n, max: 9_999_999n }),
});
const layersArbitrary = fc.array(layerArbitrary, { minLength: 2, maxLength: 40 }).map((layers) => layers.map((layer, index): FifoLayer => ({ ...layer, receivedAt: index })));
const raisingArbitrary = fc.bigInt({ min: 1n, max: 99_999_999n });

const poolOf = (layers: readonly FifoLayer[]) => fifoPool(layers, layers.reduce((units, layer) => units + layer.units, 0), ZERO_MONEY);
const valueOf = (layers: readonly FifoLayer[]) => layers.reduce((value, layer) => value + layer.value, ZERO_MONEY);

/** The positions of the held layers, as one run per held layer or one per block of adjacent held layers. */
function runsOver(layers: readonly FifoLayer[], held: readonly boolean[], perLayer: boolean): HeldUnits[] {
  const runs: Array<{ from: number; units: number }> = [];
  let from = 0;
  layers.forEach((layer, index) => {
    if (held[index]) {
      const last = runs[runs.length - 1];
      if (!perLayer && last !== undefined && last.from + last.units === from) last.units += layer.units;
      else runs.push({ from, units: layer.units });
    }
    from += layer.units;
  });
  return runs;
}

describe('spreading a correction over FIFO layers (properties)', () => {
  it('gives each held layer the running share of the amount, whichever way the held units are grouped into runs', () => {
    fc.assert(
      fc.property(
        layersArbitrary.chain((layers) => fc.tuple(fc.constant(layers), fc.array(fc.boolean(), { minLength: layers.length, maxLength: layers.length }))),
        raisingArbitrary,
        fc.boolean(),
        ([layers, held], amount, perLayer) => {
          fc.pre(held.some(Boolean));
          const total = BigInt(layers.reduce((units, layer, index) => units + (held[index] ? layer.units : 0), 0));
          let unitsSoFar = 0n;
          let shareSoFar = ZERO_MONEY;
          const expected = layers.map((layer, index) => {
            if (!held[index]) return layer;
            unitsSoFar += BigInt(layer.units);
            const share = halfEven(amount * unitsSoFar, total) - shareSoFar;
            shareSoFar += share;
            return { ...layer, value: layer.value + share };
          });
          const corrected = correctHeldUnits(poolOf(layers), runsOver(layers, held, perLayer), amount);
          expect(corrected.pool.layers).toEqual(expected);
          expect(corrected.absorbed).toBe(amount);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('absorbs a raising amount whole and never takes a layer below zero, wherever the runs cut the layers', () => {
    const runsArbitrary = (units: number) =>
      fc.uniqueArray(fc.integer({ min: 0, max: units }), { minLength: 2, maxLength: 12 }).map((edges): HeldUnits[] => {
        const sorted = [...edges].sort((a, b) => a - b);
        const runs: HeldUnits[] = [];
        for (let index = 0; index + 1 < sorted.length; index += 2) runs.push({ from: sorted[index]!, units: sorted[index + 1]! - sorted[index]! });
        return runs;
      });
    fc.assert(
      fc.property(
        layersArbitrary.chain((layers) => fc.tuple(fc.constant(layers), runsArbitrary(layers.reduce((units, layer) => units + layer.units, 0)))),
        fc.oneof(raisingArbitrary, raisingArbitrary.map((amount) => -amount)),
        ([layers, runs], amount) => {
          const pool = poolOf(layers);
          const corrected = correctHeldUnits(pool, runs, amount);
          const held = runs.reduce((units, run) => units + run.units, 0);
          expect(corrected.pool.units).toBe(pool.units);
          expect(valueOf(corrected.pool.layers)).toBe(pool.value + corrected.absorbed);
          expect(corrected.pool.layers.every((layer) => layer.value >= ZERO_MONEY && layer.units > 0)).toBe(true);
          if (amount > ZERO_MONEY) expect(corrected.absorbed).toBe(held > 0 ? amount : ZERO_MONEY);
          else expect(corrected.absorbed >= amount && corrected.absorbed <= ZERO_MONEY).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
