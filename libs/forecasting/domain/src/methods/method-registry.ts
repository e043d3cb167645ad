/**
 * One entry point over every method, so that selection, backtests and services can treat a method
 * as data (`{ method: 'holt-winters', settings: { trend: 'damped' } }`) and compare configurations.
 */
import { type DemandHistory, type PreparedSeries, prepareSeries } from '../series/demand-series';
import { fitCroston } from './croston.method';
import type { BaseForecastOptions, ForecastMethodName, ForecastResult } from './forecast-method.types';
import { type HoltWintersParams, type TrendKind, fitHoltWinters } from './holt-winters.method';
import { type MovingAverageParams, fitMovingAverage } from './moving-average.method';
import { type NaiveParams, fitNaive } from './naive.method';
import { type SeasonalNaiveParams, WEEKLY_SEASON, fitSeasonalNaive } from './seasonal-naive.method';
import { type SimpleExponentialSmoothingParams, fitSimpleExponentialSmoothing } from './simple-exponential-smoothing.method';
import { type TsbParams, fitTsb } from './tsb.method';
import type { CrostonParams } from './croston.method';
import { type AggregatedBaseMethod, type TemporalAggregationParams, fitTemporalAggregation } from './temporal-aggregation.method';

export interface MethodSettings {
  /** Periods per season for seasonal methods (default 7, weekly in daily data). */
  readonly seasonPeriod?: number;
  readonly trend?: TrendKind;
  readonly window?: number;
  /** Smoothing weights to hold fixed instead of fitting them (meaning depends on the method). */
  readonly alpha?: number;
  readonly beta?: number;
  readonly gamma?: number;
  readonly phi?: number;
  /** Temporal aggregation: periods per bucket, and the method that forecasts the buckets. */
  readonly bucket?: number;
  readonly base?: AggregatedBaseMethod;
}

export interface MethodSpec {
  readonly method: ForecastMethodName;
  /** Name in reports; needed when one method appears twice with different settings. */
  readonly label?: string;
  readonly settings?: MethodSettings;
}

export type MethodParams =
  | NaiveParams
  | SeasonalNaiveParams
  | MovingAverageParams
  | SimpleExponentialSmoothingParams
  | HoltWintersParams
  | CrostonParams
  | TsbParams
  | TemporalAggregationParams;

export const FORECAST_METHOD_NAMES: readonly ForecastMethodName[] = [
  'naive',
  'seasonal-naive',
  'moving-average',
  'simple-exponential-smoothing',
  'holt-winters',
  'croston',
  'sba',
  'tsb',
  'temporal-aggregation',
];

export function toMethodSpec(spec: MethodSpec | ForecastMethodName): MethodSpec {
  return typeof spec === 'string' ? { method: spec } : spec;
}

export function methodLabel(spec: MethodSpec | ForecastMethodName): string {
  const resolved = toMethodSpec(spec);
  return resolved.label ?? resolved.method;
}

/** Forecast with any method described as data. */
export function forecastWith(
  spec: MethodSpec | ForecastMethodName,
  history: DemandHistory,
  options: BaseForecastOptions,
): ForecastResult<MethodParams> {
  return fitMethod(toMethodSpec(spec), prepareSeries(history, options.censored), options.horizon);
}

/** `recordErrors: false` skips the in-sample error vector, for runs that only need the forecast. */
export function fitMethod(spec: MethodSpec, series: PreparedSeries, horizon: number, recordErrors = true): ForecastResult<MethodParams> {
  const settings = spec.settings ?? {};
  const seasonPeriod = settings.seasonPeriod ?? WEEKLY_SEASON;
  switch (spec.method) {
    case 'naive':
      return fitNaive(series, horizon, recordErrors);
    case 'seasonal-naive':
      return fitSeasonalNaive(series, horizon, seasonPeriod, recordErrors);
    case 'moving-average':
      return fitMovingAverage(series, horizon, settings.window, recordErrors);
    case 'simple-exponential-smoothing':
      return fitSimpleExponentialSmoothing(series, horizon, settings.alpha, recordErrors);
    case 'holt-winters':
      return fitHoltWinters(
        series,
        horizon,
        seasonPeriod,
        settings.trend ?? 'none',
        { alpha: settings.alpha, gamma: settings.gamma, beta: settings.beta, phi: settings.phi },
        recordErrors,
      );
    case 'croston':
      return fitCroston(series, horizon, 'croston', settings.alpha, recordErrors);
    case 'sba':
      return fitCroston(series, horizon, 'sba', settings.alpha, recordErrors);
    case 'tsb':
      return fitTsb(series, horizon, settings.alpha, settings.beta, recordErrors);
    case 'temporal-aggregation':
      return fitTemporalAggregation(series, horizon, settings, recordErrors);
  }
}

/**
 * The same method with the parameters of an earlier fit held fixed: re-running it on a longer
 * history is then a single pass, no search. Used by selection to validate at several origins.
 * (Objects are built field by field: object spread is markedly slower on this hot path.)
 */
export function withFittedParameters(spec: MethodSpec, result: ForecastResult<MethodParams>): MethodSpec {
  const params = result.params;
  const positive = (value: number): number | undefined => (value > 0 ? value : undefined);
  if ('window' in params) return withSettings(spec, { window: params.window });
  if ('bucket' in params) return withSettings(spec, { alpha: positive(params.alpha), beta: params.beta === undefined ? undefined : positive(params.beta) });
  if ('gamma' in params) {
    // A Holt-Winters fit that fell back to SES has no seasonal weights worth fixing.
    if (result.fallback !== undefined) return spec;
    return withSettings(spec, { alpha: positive(params.alpha), gamma: params.gamma, beta: params.beta, phi: positive(params.phi) });
  }
  if ('finalProbability' in params) return withSettings(spec, { alpha: positive(params.alpha), beta: positive(params.beta) });
  if ('alpha' in params) return withSettings(spec, { alpha: positive(params.alpha) });
  return spec;
}

function withSettings(spec: MethodSpec, fitted: MethodSettings): MethodSpec {
  const settings = spec.settings;
  return {
    method: spec.method,
    label: spec.label,
    settings: {
      seasonPeriod: settings?.seasonPeriod,
      trend: settings?.trend,
      window: fitted.window ?? settings?.window,
      alpha: fitted.alpha ?? settings?.alpha,
      beta: fitted.beta ?? settings?.beta,
      gamma: fitted.gamma ?? settings?.gamma,
      phi: fitted.phi ?? settings?.phi,
      bucket: settings?.bucket,
      base: settings?.base,
    },
  };
}
