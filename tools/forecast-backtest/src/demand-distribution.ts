/**
 * Discrete distributions of a day's demand in whole units, for simulated data whose generator is
 * known: its mean is the forecast that minimizes the expected squared error, its median the one
 * that minimizes the expected absolute error, and its quantiles the best possible intervals.
 */

export interface DemandDistribution {
  /** Distinct values, ascending. */
  readonly values: Float64Array;
  /** Probability of each value; they sum to 1. */
  readonly probabilities: Float64Array;
}

/** The distribution of floor(U) for U uniform on [low, high). */
export function flooredUniform(low: number, high: number): DemandDistribution {
  if (!(high > low)) throw new Error(`DISTRIBUTION.EMPTY_RANGE: [${low}, ${high})`);
  const values: number[] = [];
  const probabilities: number[] = [];
  for (let n = Math.floor(low); n < high; n++) {
    const width = Math.min(n + 1, high) - Math.max(n, low);
    if (width <= 0) continue;
    values.push(n);
    probabilities.push(width / (high - low));
  }
  return { values: Float64Array.from(values), probabilities: Float64Array.from(probabilities) };
}

/** The distribution of f(X): values f maps together are merged. */
export function mapDistribution(distribution: DemandDistribution, f: (value: number) => number): DemandDistribution {
  const mass = new Map<number, number>();
  distribution.values.forEach((value, i) => {
    const mapped = f(value);
    mass.set(mapped, (mass.get(mapped) ?? 0) + distribution.probabilities[i]);
  });
  const values = Float64Array.from(mass.keys()).sort();
  return { values, probabilities: Float64Array.from(values, (value) => mass.get(value) ?? 0) };
}

/** Zero with probability 1 - `probability`, otherwise a draw from `distribution`. */
export function occasionally(distribution: DemandDistribution, probability: number): DemandDistribution {
  const withZero: DemandDistribution = {
    values: Float64Array.from([0, ...distribution.values]),
    probabilities: Float64Array.from([1 - probability, ...Array.from(distribution.probabilities, (p) => p * probability)]),
  };
  return mapDistribution(withZero, (value) => value);
}

export function distributionMean(distribution: DemandDistribution): number {
  let mean = 0;
  distribution.values.forEach((value, i) => (mean += value * distribution.probabilities[i]));
  return mean;
}

/** The smallest value whose cumulative probability reaches `probability`. */
export function distributionQuantile(distribution: DemandDistribution, probability: number): number {
  let cumulative = 0;
  const { values, probabilities } = distribution;
  // Tolerance for the rounding of summed probabilities, so that a median at exactly 0.5 is found.
  for (let i = 0; i < values.length; i++) {
    cumulative += probabilities[i];
    if (cumulative >= probability - 1e-12) return values[i];
  }
  return values[values.length - 1];
}
