// A seeded generator, so every bench run offers the same workload and runs compare.

export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, size), skewed towards 0: a few items sell much more than the long tail. */
export function skewedIndex(random: Random, size: number): number {
  return Math.min(size - 1, Math.floor(size * random() ** 2));
}
