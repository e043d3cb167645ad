/**
 * Does treating stock-out days as censored help the forecast? On simulated store demand, where
 * the true demand of stock-out days is known, the automatic forecast is made three ways from the
 * same history and scored against true demand on every day of the horizon (stock-out days too):
 * - censored: the recorded sales with the stock-out days flagged, as reorder-forecasting does;
 * - uncensored: the same sales taken at face value, as if every day had been in stock;
 * - true demand: the demand itself, which no store records: the bound on what censoring can win.
 * Forecasts are grouped by whether the history had a stock-out in the last 28 days before the
 * origin (where censoring should matter) or not (where it should change little). A history
 * without any stock-out at all forecasts identically both ways: the mask is then empty.
 */
import { type AutomaticForecastOptions, forecastAutomatically, naiveErrorScale } from '@ledgerline/forecasting-domain';
import { type BacktestPlan, type BacktestSeries, planOrigins } from './backtest.runner';

export type CensoringTreatment = 'censored' | 'uncensored' | 'true demand';

export const CENSORING_TREATMENTS: readonly CensoringTreatment[] = ['censored', 'uncensored', 'true demand'];

/** How far back a stock-out counts as recent. */
export const RECENT_STOCK_OUT_DAYS = 28;

export type StockOutGroup = 'recent stock-out' | 'no recent stock-out';

export const STOCK_OUT_GROUPS: readonly StockOutGroup[] = ['recent stock-out', 'no recent stock-out'];

interface ScoreSums {
  forecasts: number;
  mase: number;
  rmsse: number;
  bias: number;
}

export interface TreatmentScore {
  readonly treatment: CensoringTreatment;
  /** Means over forecasts (series x origins) of the scaled errors against true demand. */
  readonly meanMase: number;
  readonly meanRmsse: number;
  readonly meanScaledBias: number;
}

export interface CensoringGroupResult {
  readonly group: StockOutGroup;
  readonly forecasts: number;
  readonly scores: readonly TreatmentScore[];
}

export interface CensoringStudyReport {
  readonly protocol: string;
  readonly series: number;
  readonly groups: readonly CensoringGroupResult[];
}

export function censoringStudy(series: readonly BacktestSeries[], plan: BacktestPlan): CensoringStudyReport {
  const sums = new Map<string, ScoreSums>();
  const sumsFor = (group: StockOutGroup, treatment: CensoringTreatment): ScoreSums => {
    const key = `${group}|${treatment}`;
    let entry = sums.get(key);
    if (entry === undefined) {
      entry = { forecasts: 0, mase: 0, rmsse: 0, bias: 0 };
      sums.set(key, entry);
    }
    return entry;
  };
  let studied = 0;
  for (const one of series) {
    const demand = one.demand;
    if (demand === undefined) continue;
    studied++;
    const holdoutStart = one.values.length - plan.holdout;
    const scale = naiveErrorScale(one.values.subarray(0, holdoutStart), { censored: one.censored?.subarray(0, holdoutStart) ?? null });
    for (const origin of planOrigins(one.values.length, plan)) {
      const group = hadRecentStockOut(one.censored, origin) ? 'recent stock-out' : 'no recent stock-out';
      const options: AutomaticForecastOptions = { ...plan.automatic, horizon: plan.horizon };
      const histories: Record<CensoringTreatment, () => Float64Array> = {
        censored: () => forecastAutomatically(one.values.subarray(0, origin), { ...options, censored: one.censored?.subarray(0, origin) ?? null }).forecast.pointForecast,
        uncensored: () => forecastAutomatically(one.values.subarray(0, origin), options).forecast.pointForecast,
        'true demand': () => forecastAutomatically(demand.subarray(0, origin), options).forecast.pointForecast,
      };
      for (const treatment of CENSORING_TREATMENTS) {
        const forecast = histories[treatment]();
        addScore(sumsFor(group, treatment), demand.subarray(origin, origin + forecast.length), forecast, scale);
      }
    }
  }
  return {
    protocol: plan.name ?? `h${plan.horizon}`,
    series: studied,
    groups: STOCK_OUT_GROUPS.map((group) => ({
      group,
      forecasts: sumsFor(group, 'censored').forecasts,
      scores: CENSORING_TREATMENTS.map((treatment) => {
        const entry = sumsFor(group, treatment);
        return { treatment, meanMase: entry.mase / entry.forecasts, meanRmsse: entry.rmsse / entry.forecasts, meanScaledBias: entry.bias / entry.forecasts };
      }),
    })),
  };
}

function hadRecentStockOut(censored: Uint8Array | null, origin: number): boolean {
  if (censored === null) return false;
  for (let t = Math.max(0, origin - RECENT_STOCK_OUT_DAYS); t < origin; t++) if (censored[t] === 1) return true;
  return false;
}

function addScore(sums: ScoreSums, actual: Float64Array, forecast: Float64Array, scale: { meanAbsolute: number; meanSquared: number }): void {
  let absolute = 0;
  let squared = 0;
  let signed = 0;
  for (let k = 0; k < forecast.length; k++) {
    const error = actual[k] - forecast[k];
    absolute += Math.abs(error);
    squared += error * error;
    signed += error;
  }
  const periods = forecast.length;
  sums.forecasts++;
  sums.mase += absolute / periods / scale.meanAbsolute;
  sums.rmsse += Math.sqrt(squared / periods / scale.meanSquared);
  sums.bias += signed / periods / scale.meanAbsolute;
}

export function formatCensoringStudy(reports: readonly CensoringStudyReport[]): string {
  if (reports.length === 0) return '';
  const rows = reports.flatMap((report) =>
    report.groups.filter((group) => group.forecasts > 0).map((group) => {
      const cell = (treatment: CensoringTreatment): string => {
        const score = group.scores.find((entry) => entry.treatment === treatment);
        if (score === undefined) return '–';
        return `${score.meanMase.toFixed(3)} / ${score.meanRmsse.toFixed(3)} / ${score.meanScaledBias >= 0 ? '+' : ''}${score.meanScaledBias.toFixed(3)}`;
      };
      return `| ${report.protocol} | ${group.group} | ${group.forecasts} | ${cell('censored')} | ${cell('uncensored')} | ${cell('true demand')} |`;
    }),
  );
  return [
    '## Censoring study (synthetic)',
    '',
    `The automatic forecast from the recorded sales with stock-out days flagged (censored), from the same sales taken at face value (uncensored) ` +
      `and from the true demand (no store has it), scored against true demand on every day of the horizon; forecasts grouped by a stock-out in the ` +
      `last ${RECENT_STOCK_OUT_DAYS} days before the origin. Cells: MASE / RMSSE / scaled bias, means over forecasts.`,
    '',
    '| protocol | history | forecasts | censored | uncensored | true demand |',
    '|---|---|---:|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
