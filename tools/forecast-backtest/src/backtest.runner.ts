/**
 * Holdout backtest of fixed methods and of the automatic per-series choice. For every series the
 * last `holdout` periods are held out; forecasts are made from origins `step` periods apart
 * inside the holdout, each looking `horizon` periods ahead (or to the end of the holdout), using
 * only the history before the origin. Errors on censored periods (closed days, missing months)
 * are not counted. Each series' errors are scaled by the in-sample naive error of the history
 * before the holdout, so that series of any volume count equally.
 */
import {
  type CandidateList,
  type MethodSpec,
  type NaiveErrorScale,
  type SelectionOptions,
  forecastWith,
  methodLabel,
  naiveErrorScale,
  selectMethod,
} from '@ledgerline/forecasting-domain';

export interface BacktestSeries {
  readonly id: string;
  readonly values: Float64Array;
  readonly censored: Uint8Array | null;
}

export interface BacktestPlan {
  readonly holdout: number;
  readonly horizon: number;
  readonly step: number;
  /** Fixed methods to score one by one. */
  readonly methods: readonly MethodSpec[];
  /** Candidates for the automatic choice. */
  readonly candidates: CandidateList;
  readonly selection: Omit<SelectionOptions, 'horizon' | 'censored'>;
  /** Series with less history before the holdout are left out. */
  readonly minTrainingPeriods: number;
}

export const AUTOMATIC_LABEL = 'automatic';

export interface ErrorTotals {
  absolute: number;
  squared: number;
  signed: number;
  periods: number;
}

export interface SeriesBacktest {
  readonly id: string;
  readonly scale: NaiveErrorScale;
  /** Error totals per method label, plus AUTOMATIC_LABEL. */
  readonly errors: ReadonlyMap<string, ErrorTotals>;
  /** How often each label was chosen by the automatic choice, over the origins. */
  readonly choices: ReadonlyMap<string, number>;
}

export function isEligible(series: BacktestSeries, plan: BacktestPlan): boolean {
  const trainingLength = series.values.length - plan.holdout;
  if (trainingLength < plan.minTrainingPeriods) return false;
  let trainingDemand = false;
  let holdoutObserved = false;
  for (let t = 0; t < series.values.length; t++) {
    const observed = series.censored === null || series.censored[t] === 0;
    if (t < trainingLength && observed && series.values[t] > 0) trainingDemand = true;
    if (t >= trainingLength && observed) holdoutObserved = true;
  }
  return trainingDemand && holdoutObserved;
}

export function backtestSeries(series: BacktestSeries, plan: BacktestPlan): SeriesBacktest {
  const length = series.values.length;
  const holdoutStart = length - plan.holdout;
  const scale = naiveErrorScale(series.values.subarray(0, holdoutStart), { censored: series.censored?.subarray(0, holdoutStart) ?? null });
  const errors = new Map<string, ErrorTotals>();
  const choices = new Map<string, number>();
  const totalsFor = (label: string): ErrorTotals => {
    let totals = errors.get(label);
    if (totals === undefined) {
      totals = { absolute: 0, squared: 0, signed: 0, periods: 0 };
      errors.set(label, totals);
    }
    return totals;
  };
  for (let origin = holdoutStart; origin < length; origin += plan.step) {
    const steps = Math.min(plan.horizon, length - origin);
    const history = series.values.subarray(0, origin);
    const censored = series.censored?.subarray(0, origin) ?? null;
    for (const spec of plan.methods) {
      const forecast = forecastWith(spec, history, { horizon: steps, censored }).pointForecast;
      accumulate(totalsFor(methodLabel(spec)), series, origin, forecast);
    }
    const selection = selectMethod(history, plan.candidates, { ...plan.selection, horizon: steps, censored });
    accumulate(totalsFor(AUTOMATIC_LABEL), series, origin, selection.forecast.pointForecast);
    choices.set(selection.chosenLabel, (choices.get(selection.chosenLabel) ?? 0) + 1);
  }
  return { id: series.id, scale, errors, choices };
}

function accumulate(totals: ErrorTotals, series: BacktestSeries, origin: number, forecast: Float64Array): void {
  for (let k = 0; k < forecast.length; k++) {
    const t = origin + k;
    if (series.censored !== null && series.censored[t] === 1) continue;
    const error = series.values[t] - forecast[k];
    totals.absolute += Math.abs(error);
    totals.squared += error * error;
    totals.signed += error;
    totals.periods++;
  }
}
