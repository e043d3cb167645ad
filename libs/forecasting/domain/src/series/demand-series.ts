/**
 * Demand history as the forecasting kernels see it: one contiguous Float64Array of per-period
 * demand, an optional censoring mask (1 = the period is censored: stock-out, item unavailable or
 * shop closed, so the recorded sales are only a lower bound on demand) and a length. The length
 * lets model selection fit on a prefix of the same buffer without copying it.
 */

import { ForecastingError } from '../forecasting.error';

export type DemandHistory = Float64Array | readonly number[];

/** Per-period censoring flags, aligned with the history; truthy = censored. */
export type CensoringMask = Uint8Array | readonly boolean[] | readonly number[];

export interface PreparedSeries {
  readonly values: Float64Array;
  /** 1 where the period is censored; null when no period is. */
  readonly censored: Uint8Array | null;
  /** Number of leading periods in use (≤ values.length). */
  readonly length: number;
}

/** Converts caller input once; a Float64Array is used as is, never copied. */
export function prepareSeries(history: DemandHistory, censored?: CensoringMask | null): PreparedSeries {
  const values = history instanceof Float64Array ? history : Float64Array.from(history);
  for (let t = 0; t < values.length; t++) {
    if (!Number.isFinite(values[t])) {
      throw new ForecastingError('FORECAST.NON_FINITE_DEMAND', `history[${t}] must be a finite number, got ${values[t]}`);
    }
  }
  return { values, censored: toCensoringFlags(censored, values.length), length: values.length };
}

function toCensoringFlags(censored: CensoringMask | null | undefined, length: number): Uint8Array | null {
  if (censored == null) return null;
  if (censored.length !== length) {
    throw new ForecastingError(
      'FORECAST.CENSORING_LENGTH_MISMATCH',
      `censored has ${censored.length} flags but the history has ${length} periods`,
    );
  }
  const flags = new Uint8Array(length);
  let any = false;
  for (let t = 0; t < length; t++) {
    if (censored[t]) {
      flags[t] = 1;
      any = true;
    }
  }
  return any ? flags : null;
}

/** A view of the first `length` periods of the same buffers. */
export function truncateSeries(series: PreparedSeries, length: number): PreparedSeries {
  return { values: series.values, censored: series.censored, length: Math.max(0, Math.min(length, series.length)) };
}

export function isCensored(series: PreparedSeries, t: number): boolean {
  return series.censored !== null && series.censored[t] === 1;
}

export function countObserved(series: PreparedSeries): number {
  if (series.censored === null) return series.length;
  let count = 0;
  for (let t = 0; t < series.length; t++) if (series.censored[t] === 0) count++;
  return count;
}

/** Index of the last uncensored period, or -1. */
export function lastObservedIndex(series: PreparedSeries, before = series.length): number {
  for (let t = before - 1; t >= 0; t--) if (!isCensored(series, t)) return t;
  return -1;
}

/** Mean of the first `count` uncensored values (NaN when there are none). */
export function meanOfFirstObserved(series: PreparedSeries, count: number): number {
  let sum = 0;
  let taken = 0;
  for (let t = 0; t < series.length && taken < count; t++) {
    if (isCensored(series, t)) continue;
    sum += series.values[t];
    taken++;
  }
  return taken === 0 ? Number.NaN : sum / taken;
}

/** A vector of NaN: in-sample errors start unknown and are filled where a one-step forecast exists. */
export function nanArray(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}

/** Stands in for in-sample errors when a caller asked not to record them (validation runs). */
export const NOT_RECORDED: Float64Array = new Float64Array(0);

/** The error buffer for a fit: NaN-filled when recording, null otherwise. */
export function errorBuffer(length: number, record: boolean): Float64Array | null {
  return record ? nanArray(length) : null;
}
