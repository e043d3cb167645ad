/**
 * Scalar minimisation for smoothing parameters: a coarse grid finds the basin, then golden-section
 * search refines inside the bracket around the best grid point. A handful of objective evaluations
 * instead of a general optimiser keeps fitting at a few microseconds per series.
 */

const INVERSE_GOLDEN_RATIO = (Math.sqrt(5) - 1) / 2;

export interface ScalarMinimum {
  readonly argument: number;
  readonly value: number;
}

/** Golden-section search for a unimodal objective on [lower, upper]. */
export function goldenSectionMinimum(
  objective: (x: number) => number,
  lower: number,
  upper: number,
  iterations: number,
): ScalarMinimum {
  let a = lower;
  let b = upper;
  let c = b - INVERSE_GOLDEN_RATIO * (b - a);
  let d = a + INVERSE_GOLDEN_RATIO * (b - a);
  let fc = objective(c);
  let fd = objective(d);
  for (let i = 0; i < iterations; i++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INVERSE_GOLDEN_RATIO * (b - a);
      fc = objective(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INVERSE_GOLDEN_RATIO * (b - a);
      fd = objective(d);
    }
  }
  return fc <= fd ? { argument: c, value: fc } : { argument: d, value: fd };
}

/**
 * Grid first (objectives on short noisy series are often not unimodal over the whole range), then
 * golden-section between the grid neighbours of the best point. `grid` must be ascending.
 */
export function gridThenGoldenMinimum(
  objective: (x: number) => number,
  grid: readonly number[],
  refineIterations: number,
): ScalarMinimum {
  let bestIndex = 0;
  let bestValue = Number.POSITIVE_INFINITY;
  for (let i = 0; i < grid.length; i++) {
    const value = objective(grid[i]);
    if (value < bestValue) {
      bestValue = value;
      bestIndex = i;
    }
  }
  if (refineIterations <= 0 || grid.length < 2) return { argument: grid[bestIndex], value: bestValue };
  const lower = grid[Math.max(0, bestIndex - 1)];
  const upper = grid[Math.min(grid.length - 1, bestIndex + 1)];
  const refined = goldenSectionMinimum(objective, lower, upper, refineIterations);
  return refined.value < bestValue ? refined : { argument: grid[bestIndex], value: bestValue };
}
