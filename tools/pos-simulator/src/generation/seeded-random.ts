// Deterministic pseudo-random numbers (mulberry32), so a run with the same seed generates the same
// catalog, baskets and mistakes. Not for anything secret.

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('SIMULATOR.EMPTY_CHOICE: cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Exponentially distributed waiting time with the given mean (for Poisson arrivals). */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Derives an independent stream, so adding draws in one part does not shift another's. */
  fork(label: string): SeededRandom {
    let hash = this.state ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
    return new SeededRandom(hash >>> 0);
  }
}

/**
 * Picks indexes in proportion to their weights in O(log n): popular SKUs are chosen far more often
 * than slow ones, as in a real store.
 */
export class WeightedPicker {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(weights: readonly number[]) {
    let sum = 0;
    for (const weight of weights) {
      if (!(weight >= 0)) throw new Error(`SIMULATOR.BAD_WEIGHT: weights must be non-negative numbers, got ${weight}`);
      sum += weight;
      this.cumulative.push(sum);
    }
    if (sum <= 0) throw new Error('SIMULATOR.BAD_WEIGHT: at least one weight must be positive');
    this.total = sum;
  }

  pickIndex(random: SeededRandom): number {
    const target = random.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.cumulative[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
