/**
 * The additive Holt-Winters recursion (error-correction form) and the search for its weights:
 * alpha (level) and gamma (season) by grid then golden-section, one after the other; for a damped
 * trend, beta and phi on a small grid. Coordinate search costs a few dozen passes over the
 * history, which is what keeps a fit at tens of microseconds.
 */
import type { PreparedSeries } from '../series/demand-series';
import type { SeasonalState } from './holt-winters.initial-state';
import type { TrendKind } from './holt-winters.method';
import { gridThenGoldenMinimum } from './parameter-search';

export interface SmoothingWeights {
  alpha: number;
  gamma: number;
  beta: number;
  phi: number;
}

const ALPHA_GRID: readonly number[] = [0.02, 0.08, 0.2, 0.45, 0.8];
const GAMMA_GRID: readonly number[] = [0, 0.05, 0.15, 0.3];
const BETA_GRID: readonly number[] = [0, 0.01, 0.05];
const PHI_GRID: readonly number[] = [0.8, 0.9, 0.98];
const REFINE_ITERATIONS = 2;

export function fitSmoothingWeights(
  series: PreparedSeries,
  start: SeasonalState,
  trend: TrendKind,
  fixed: Partial<SmoothingWeights>,
): SmoothingWeights {
  const damped = trend === 'damped';
  const weights: SmoothingWeights = {
    alpha: fixed.alpha ?? 0.1,
    gamma: fixed.gamma ?? 0.05,
    beta: damped ? (fixed.beta ?? 0) : 0,
    phi: damped ? (fixed.phi ?? 0.98) : 1,
  };
  const scratch = new Float64Array(start.seasonal.length);
  const sse = (): number => runHoltWinters(series, weights, start.level, start.seasonal, scratch, null, null);
  if (fixed.alpha === undefined) {
    weights.alpha = gridThenGoldenMinimum(
      (alpha) => {
        weights.alpha = alpha;
        return sse();
      },
      ALPHA_GRID,
      REFINE_ITERATIONS,
    ).argument;
  }
  if (fixed.gamma === undefined) {
    // The usual admissibility bound: the season must not learn faster than the level forgets.
    const gammaGrid = GAMMA_GRID.filter((gamma) => gamma <= 1 - weights.alpha);
    weights.gamma = gridThenGoldenMinimum(
      (gamma) => {
        weights.gamma = gamma;
        return sse();
      },
      gammaGrid,
      REFINE_ITERATIONS,
    ).argument;
  }
  if (damped && (fixed.beta === undefined || fixed.phi === undefined)) {
    let best = { beta: weights.beta, phi: weights.phi, value: Number.POSITIVE_INFINITY };
    for (const phi of fixed.phi === undefined ? PHI_GRID : [fixed.phi]) {
      for (const beta of fixed.beta === undefined ? BETA_GRID : [fixed.beta]) {
        if (beta > weights.alpha) continue;
        weights.beta = beta;
        weights.phi = phi;
        const value = sse();
        if (value < best.value) best = { beta, phi, value };
      }
    }
    weights.beta = best.beta;
    weights.phi = best.phi;
  }
  return weights;
}

/**
 * One pass of the recursion. `seasonal` is overwritten with the evolving indices (it starts as a
 * copy of `initialSeasonal`). Returns the one-step sum of squared errors over uncensored periods.
 */
export function runHoltWinters(
  series: PreparedSeries,
  weights: SmoothingWeights,
  initialLevel: number,
  initialSeasonal: Float64Array,
  seasonal: Float64Array,
  errors: Float64Array | null,
  final: { level: number; trend: number } | null,
): number {
  const { values, censored, length } = series;
  const period = seasonal.length;
  const { alpha, gamma, beta, phi } = weights;
  seasonal.set(initialSeasonal);
  let level = initialLevel;
  let trend = 0;
  let sse = 0;
  let phase = 0;
  for (let t = 0; t < length; t++) {
    const dampedTrend = phi * trend;
    let error = values[t] - (level + dampedTrend + seasonal[phase]);
    if (censored !== null && censored[t] === 1) {
      // Sales on a censored period only bound demand from below: learn from a surprise upward.
      if (error < 0) error = 0;
    } else {
      sse += error * error;
      if (errors !== null) errors[t] = error;
    }
    level += dampedTrend + alpha * error;
    trend = dampedTrend + beta * error;
    seasonal[phase] += gamma * error;
    if (++phase === period) phase = 0;
  }
  if (final !== null) {
    final.level = level;
    final.trend = trend;
  }
  return sse;
}
