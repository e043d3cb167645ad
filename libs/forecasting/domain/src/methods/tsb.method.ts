/**
 * Teunter-Syntetos-Babai (TSB): smooths the probability that a period has demand every period,
 * and the demand size only when demand occurs; the forecast is probability x size. Unlike Croston
 * the probability decays through long runs of zeros, so obsolescent items fade out. Censored
 * periods without sales are skipped; censored periods with sales count as a demand of at least
 * that size.
 */
import { ForecastingError } from '../forecasting.error';
import { type DemandHistory, NOT_RECORDED, type PreparedSeries, errorBuffer, prepareSeries } from '../series/demand-series';
import { type BaseForecastOptions, type ForecastResult, assertHorizon, flatForecast } from './forecast-method.types';
import { intermittentStart } from './intermittent-demand.state';

const SIZE_GRID: readonly number[] = [0.05, 0.1, 0.2, 0.3, 0.5];
const PROBABILITY_GRID: readonly number[] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3];
/** Size weight held while the probability weight is searched (coordinate search). */
const SIZE_WEIGHT_WHILE_SEARCHING = 0.1;

export interface TsbOptions extends BaseForecastOptions {
  /** Fixed smoothing weight for demand sizes; fitted when absent. */
  readonly alpha?: number;
  /** Fixed smoothing weight for the demand probability; fitted when absent. */
  readonly beta?: number;
}

export interface TsbParams {
  readonly alpha: number;
  readonly beta: number;
  readonly finalSize: number;
  readonly finalProbability: number;
}

export function tsbForecast(history: DemandHistory, options: TsbOptions): ForecastResult<TsbParams> {
  return fitTsb(prepareSeries(history, options.censored), options.horizon, options.alpha, options.beta);
}

export function fitTsb(
  series: PreparedSeries,
  horizon: number,
  fixedAlpha?: number,
  fixedBeta?: number,
  recordErrors = true,
): ForecastResult<TsbParams> {
  assertHorizon(horizon);
  for (const [name, weight] of [['alpha', fixedAlpha], ['beta', fixedBeta]] as const) {
    if (weight !== undefined && !(weight > 0 && weight <= 1)) {
      throw new ForecastingError(`FORECAST.INVALID_${name.toUpperCase()}`, `${name} must be in (0, 1], got ${weight}`);
    }
  }
  const start = intermittentStart(series);
  if (start.demandCount === 0) {
    return {
      method: 'tsb',
      pointForecast: flatForecast(horizon, 0),
      params: { alpha: fixedAlpha ?? 0, beta: fixedBeta ?? 0, finalSize: 0, finalProbability: 0 },
      inSampleErrors: errorBuffer(series.length, recordErrors) ?? NOT_RECORDED,
      fallback: { reason: 'no-demand', rule: 'zero' },
    };
  }
  // Coordinate search: the probability weight first (it shapes the forecast most), then the size weight.
  const sseOf = (a: number, b: number): number => runTsb(series, a, b, start.meanSize, start.demandProbability, null, null);
  const beta = fixedBeta ?? bestOnGrid(PROBABILITY_GRID, (b) => sseOf(fixedAlpha ?? SIZE_WEIGHT_WHILE_SEARCHING, b));
  const alpha = fixedAlpha ?? bestOnGrid(SIZE_GRID, (a) => sseOf(a, beta));
  const errors = errorBuffer(series.length, recordErrors);
  const final = { size: 0, probability: 0 };
  runTsb(series, alpha, beta, start.meanSize, start.demandProbability, errors, final);
  return {
    method: 'tsb',
    pointForecast: flatForecast(horizon, final.size * final.probability),
    params: { alpha, beta, finalSize: final.size, finalProbability: final.probability },
    inSampleErrors: errors ?? NOT_RECORDED,
  };
}

function runTsb(
  series: PreparedSeries,
  alpha: number,
  beta: number,
  initialSize: number,
  initialProbability: number,
  errors: Float64Array | null,
  final: { size: number; probability: number } | null,
): number {
  const { values, censored, length } = series;
  let size = initialSize;
  let probability = initialProbability;
  let sse = 0;
  for (let t = 0; t < length; t++) {
    const demand = values[t];
    const isCensored = censored !== null && censored[t] === 1;
    if (isCensored && demand <= 0) continue;
    if (!isCensored) {
      const error = demand - probability * size;
      sse += error * error;
      if (errors !== null) errors[t] = error;
    }
    if (demand > 0) {
      probability += beta * (1 - probability);
      const observedSize = isCensored && demand < size ? size : demand;
      size += alpha * (observedSize - size);
    } else {
      probability -= beta * probability;
    }
  }
  if (final !== null) {
    final.size = size;
    final.probability = probability;
  }
  return sse;
}

function bestOnGrid(grid: readonly number[], objective: (value: number) => number): number {
  let best = grid[0];
  let bestValue = Number.POSITIVE_INFINITY;
  for (const value of grid) {
    const objectiveValue = objective(value);
    if (objectiveValue < bestValue) {
      bestValue = objectiveValue;
      best = value;
    }
  }
  return best;
}
